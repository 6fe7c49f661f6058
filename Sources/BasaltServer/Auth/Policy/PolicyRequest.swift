/// What a request asks to do, in IAM terms: one action (`bedrock:InvokeModel`) on one or more resources. The
/// request is authorized only when the caller's policy allows the action on every resource (invoking through an
/// inference profile needs the profile and the foundation model it routes to, as on AWS).
public struct PolicyRequest: Sendable, Hashable {
    /// The IAM action, e.g. `bedrock:InvokeModel`.
    public var action: String
    /// Resource ARNs, or `["*"]` for operations without resource-level permissions (list operations).
    public var resources: [String]

    /// A request for `action` on `resources`.
    public init(action: String, resources: [String]) {
        self.action = action
        self.resources = resources
    }

    /// A request for `bedrock:{operation}` on `resources`.
    static func bedrock(_ operation: String, _ resources: String...) -> PolicyRequest {
        PolicyRequest(action: "bedrock:" + operation, resources: resources)
    }
}
