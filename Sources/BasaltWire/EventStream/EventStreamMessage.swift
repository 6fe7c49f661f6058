import BasaltCore

/// One message of the AWS binary event-stream framing (`application/vnd.amazon.eventstream`, §4):
/// ordered headers and an opaque payload. `encode()` produces the prelude, CRCs and header records.
public struct EventStreamMessage: Sendable, Hashable {
    /// Header records in wire order. Names must be unique (botocore rejects duplicates).
    public var headers: [EventStreamHeader]
    /// The payload bytes (JSON for every Bedrock event and exception).
    public var payload: [UInt8]

    /// Largest headers block botocore accepts (128 KiB).
    public static let maxHeadersLength = 128 * 1024
    /// Largest payload botocore accepts (24 MiB).
    public static let maxPayloadLength = 24 * 1024 * 1024
    /// Prelude (12 bytes) plus message CRC (4 bytes).
    public static let overhead = 16

    /// A message with the given headers and payload.
    public init(headers: [EventStreamHeader], payload: [UInt8] = []) {
        self.headers = headers
        self.payload = payload
    }

    /// The first header named `name`.
    public subscript(header name: String) -> HeaderValue? {
        headers.first { $0.name == name }?.value
    }

    /// `:message-type` (`event`, `exception` or `error`).
    public var messageType: String? { self[header: ":message-type"]?.stringValue }
    /// `:event-type`, the union member name of an event.
    public var eventType: String? { self[header: ":event-type"]?.stringValue }
    /// `:exception-type`, the lowerCamel member name of a modeled exception.
    public var exceptionType: String? { self[header: ":exception-type"]?.stringValue }

    // MARK: - Bedrock message kinds (§4.3)

    /// An event: `:event-type`, `:content-type: application/json`, `:message-type: event`, in the
    /// order real Bedrock sends them (§4.4).
    public static func event(type: String, payload: [UInt8]) -> EventStreamMessage {
        .init(headers: [
            .string(":event-type", type),
            .string(":content-type", "application/json"),
            .string(":message-type", "event"),
        ], payload: payload)
    }

    /// An event whose payload is the compact serialisation of `json`.
    public static func event(type: String, json: JSONValue) -> EventStreamMessage {
        event(type: type, payload: json.serializedBytes)
    }

    /// A modeled exception: `:exception-type` (lowerCamel member name, e.g. `throttlingException`),
    /// `:content-type: application/json`, `:message-type: exception` (§4.5). Payload `{"message":…}`.
    public static func exception(type: String, payload: [UInt8]) -> EventStreamMessage {
        .init(headers: [
            .string(":exception-type", type),
            .string(":content-type", "application/json"),
            .string(":message-type", "exception"),
        ], payload: payload)
    }

    /// An unmodeled error (§2.4): `:error-code`, `:error-message`, `:message-type: error`, empty payload.
    /// Values longer than a header allows are cut at a character boundary.
    public static func error(code: String, message: String) -> EventStreamMessage {
        .init(headers: [
            .string(":error-code", clamp(code)),
            .string(":error-message", clamp(message)),
            .string(":message-type", "error"),
        ], payload: [])
    }

    private static func clamp(_ s: String) -> String {
        guard s.utf8.count > 65_535 else { return s }
        var out = ""
        var used = 0
        for ch in s {
            let n = ch.utf8.count
            if used + n > 65_535 { break }
            out.append(ch)
            used += n
        }
        return out
    }
}
