extension BedrockResponder {
    /// The policy check of this server: resources named in its region and account, application inference profiles
    /// resolved through the registry's store.
    var policy: PolicyEnforcer {
        PolicyEnforcer(
            names: ResourceNames(region: configuration.region, account: configuration.accountId),
            resolver: runtime.registry.resolver)
    }
}
