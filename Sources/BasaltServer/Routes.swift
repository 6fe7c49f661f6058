import BasaltAPI
import BasaltWire

/// The route table: which operation a method and path name. Paths are matched on percent-decoded segments of
/// the raw path, so ARNs with `%2F` stay one segment.
enum Route: Sendable, Equatable {
    case health
    case converse(modelId: String)
    case converseStream(modelId: String)
    case countTokens(modelId: String)
    case invokeModel(modelId: String)
    case invokeModelStream(modelId: String)

    init?(method: String, segments: [String]) {
        switch (method, segments) {
        case ("GET", ["health"]), ("HEAD", ["health"]):
            self = .health
        case ("POST", let s) where s.count == 3 && s[0] == "model":
            let id = s[1]
            switch s[2] {
            case "converse": self = .converse(modelId: id)
            case "converse-stream": self = .converseStream(modelId: id)
            case "count-tokens": self = .countTokens(modelId: id)
            case "invoke": self = .invokeModel(modelId: id)
            case "invoke-with-response-stream": self = .invokeModelStream(modelId: id)
            default: return nil
            }
        default:
            return nil
        }
    }
}

extension Route {
    /// Operations that generate and then answer in one response (their clients may give up while waiting).
    var isWholeResponseGeneration: Bool {
        switch self {
        case .converse, .invokeModel: true
        default: false
        }
    }
}
