/// The IAM action and resources of each runtime operation (bedrock-runtime: Converse and InvokeModel share
/// `bedrock:InvokeModel`, the streaming variants `bedrock:InvokeModelWithResponseStream`).
extension Route {
    /// What the operation asks to do; `nil` for routes that need no authorization (`/health`).
    func policyRequest(_ names: ResourceNames) -> PolicyRequest? {
        switch self {
        case .health: nil
        case .converse(let id), .invokeModel(let id):
            PolicyRequest(action: "bedrock:InvokeModel", resources: names.model(id))
        case .converseStream(let id), .invokeModelStream(let id):
            PolicyRequest(action: "bedrock:InvokeModelWithResponseStream", resources: names.model(id))
        case .countTokens(let id):
            PolicyRequest(action: "bedrock:CountTokens", resources: names.model(id))
        }
    }

    /// Whether the operation answers with an event stream (the per-credential stream limit applies).
    var isResponseStream: Bool {
        switch self {
        case .converseStream, .invokeModelStream: true
        default: false
        }
    }
}
