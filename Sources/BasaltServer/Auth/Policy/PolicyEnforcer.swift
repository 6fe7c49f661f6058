import BasaltAPI
import BasaltWire

/// Checks each request against the caller's identity-based policy, after authentication and before the request is
/// acted on. A caller without a policy may do everything (no policy attached = the behaviour of plain SigV4).
///
/// Denials are AWS's `AccessDeniedException` (403, spec §12.5) naming the principal, the action and the resource.
public struct PolicyEnforcer: Sendable {
    /// How resources are named (region, account).
    public let names: ResourceNames
    /// Resolves application inference profiles to the models they route to (also checked, as on AWS).
    public let resolver: StoreResolver?

    /// An enforcer naming resources with `names`; `resolver` expands application inference profiles.
    public init(names: ResourceNames, resolver: StoreResolver? = nil) {
        self.names = names
        self.resolver = resolver
    }

    /// The request in IAM terms, classified like the responder dispatches it (control plane first when present);
    /// `nil` for `/health` and for paths that name no operation (they end as `UnknownOperationException`).
    public func policyRequest(_ req: APIRequest, controlPlane: Bool) async -> PolicyRequest? {
        if controlPlane, let route = ControlRoute(method: req.method, segments: req.segments) {
            return route.policyRequest(names, body: req.body)
        }
        guard var request = Route(method: req.method, segments: req.segments)?.policyRequest(names) else { return nil }
        request.resources += await profileTargets(request.resources)
        return request
    }

    /// Throws `AccessDeniedException` unless the caller's policy allows the request. A caller that presented a
    /// Bedrock API key also needs `bedrock:CallWithBearerToken` (spec §12.6), checked first.
    public func authorize(_ caller: CallerIdentity, _ req: APIRequest, controlPlane: Bool) async throws(AWSError) {
        guard let policy = caller.policy, let request = await policyRequest(req, controlPlane: controlPlane) else { return }
        if caller.method == .bearerShortTerm || caller.method == .bearerLongTerm {
            try Self.check(policy, PolicyRequest(action: "bedrock:CallWithBearerToken", resources: ["*"]), caller)
        }
        try Self.check(policy, request, caller)
    }

    static func check(_ policy: PolicyDocument, _ request: PolicyRequest, _ caller: CallerIdentity) throws(AWSError) {
        let (decision, resource) = policy.evaluate(request)
        guard decision != .allowed else { return }
        throw BedrockError.accessDenied(
            Self.denialMessage(principal: caller.arn, action: request.action, resource: resource, decision: decision))
    }

    /// AWS's wording: `User: {arn} is not authorized to perform: {action} on resource: {resource} because no
    /// identity-based policy allows the {action} action` (implicit) / `… with an explicit deny in an identity-based
    /// policy` (explicit).
    public static func denialMessage(principal: String, action: String, resource: String, decision: PolicyDecision) -> String {
        let head = "User: \(principal) is not authorized to perform: \(action) on resource: \(resource)"
        return decision == .explicitDeny
            ? head + " with an explicit deny in an identity-based policy"
            : head + " because no identity-based policy allows the \(action) action"
    }

    /// The models an application inference profile routes to (the profile's target, expanded like a model id).
    /// Unknown profiles add nothing: the request then fails as an invalid identifier, after authorization.
    func profileTargets(_ resources: [String]) async -> [String] {
        guard let resolver else { return [] }
        var extra: [String] = []
        for resource in resources {
            let identifier = ModelIdentifier(parsing: resource)
            guard case .applicationProfile = identifier,
                case .alias(let target, _)? = try? await resolver.resolve(identifier)
            else { continue }
            extra += names.model(target).filter { !resources.contains($0) && !extra.contains($0) }
        }
        return extra
    }
}

extension PolicyDocument {
    /// Evaluates every resource of `request`: an explicitly denied resource decides first, then one that no statement
    /// allows; the resource returned is the one the decision is about (the first resource when allowed).
    public func evaluate(_ request: PolicyRequest) -> (decision: PolicyDecision, resource: String) {
        var implicit: String?
        for resource in request.resources {
            switch evaluate(action: request.action, resource: resource) {
            case .explicitDeny: return (.explicitDeny, resource)
            case .implicitDeny: implicit = implicit ?? resource
            case .allowed: break
            }
        }
        if let implicit { return (.implicitDeny, implicit) }
        return (request.resources.isEmpty ? .implicitDeny : .allowed, request.resources.first ?? "*")
    }
}
