import BasaltCore
import BasaltWire

/// A request as the controllers see it: the raw path already split into percent-decoded segments.
public struct APIRequest: Sendable {
    public var method: String
    public var segments: [String]
    public var query: [String: String]
    /// Header values by lower-cased name.
    public var headers: [String: String]
    public var body: [UInt8]
    public var requestId: String

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// What a controller answers.
public enum APIResponse: Sendable {
    /// A JSON body with the operation's modeled status code.
    case json(status: Int, JSONValue, headers: [(String, String)] = [])
    /// Raw bytes (InvokeModel's payload).
    case bytes(status: Int, contentType: String, [UInt8], headers: [(String, String)])
    /// An AWS event stream. Errors thrown by the sequence after the first frame become exception frames.
    case eventStream(headers: [(String, String)], frames: any AsyncSequence<EventStreamMessage, any Error> & Sendable)
}
