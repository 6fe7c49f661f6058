import BasaltAPI

/// The ARNs IAM names Bedrock resources by, for this server's region and account (spec §9.1, §10, §11).
public struct ResourceNames: Sendable, Hashable {
    /// Region in the ARNs.
    public var region: String
    /// Account in the ARNs of account-owned resources.
    public var account: String

    /// Names for `region` and `account`.
    public init(region: String, account: String) {
        self.region = region
        self.account = account
    }

    /// `arn:aws:bedrock:{region}::foundation-model/{id}` (foundation models have no account).
    public func foundationModel(_ id: String) -> String { "arn:aws:bedrock:\(region)::foundation-model/\(id)" }

    /// `arn:aws:bedrock:{region}:{account}:{type}/{id}`.
    public func owned(_ type: String, _ id: String) -> String { "arn:aws:bedrock:\(region):\(account):\(type)/\(id)" }

    /// The resources a runtime `modelId` names: an ARN as given; a base model id as its foundation-model ARN; a
    /// system inference profile (id or ARN) as the profile's ARN and the foundation model it routes to here.
    public func model(_ modelId: String) -> [String] {
        switch ModelIdentifier(parsing: modelId) {
        case .foundationModel(let id, nil):
            return [foundationModel(id)]
        case .systemProfile(let profileId, _, let id, let arn):
            return [arn.map { _ in modelId } ?? owned("inference-profile", profileId), foundationModel(id)]
        case .invalid:
            return [modelId.hasPrefix("arn:") ? modelId : foundationModel(modelId)]
        default:
            return [modelId]
        }
    }

    /// A control-plane identifier that may be an ARN or a bare id / name of a resource of `type`.
    public func identifier(_ identifier: String, type: String) -> String {
        identifier.hasPrefix("arn:") ? identifier : owned(type, identifier)
    }

    /// An inference-profile identifier of the control plane: an ARN, a system profile id, or an application
    /// profile id.
    public func inferenceProfile(_ identifier: String) -> String {
        if identifier.hasPrefix("arn:") { return identifier }
        if case .systemProfile = ModelIdentifier(parsing: identifier) { return owned("inference-profile", identifier) }
        return owned("application-inference-profile", identifier)
    }
}
