import BasaltCore

extension AWSError {
    /// Value of the `x-amzn-ErrorType` header: `<Code>:<namespace>` (clients cut at the first `:`).
    public var errorTypeHeaderValue: String {
        if let ns = errorTypeNamespace { return code + ":" + ns }
        return code
    }

    /// The JSON body: `{"message": …}` followed by the extra members.
    public var body: JSONValue {
        var o = JSONObject()
        o[messageKey] = .string(message)
        for (k, v) in members where k != messageKey { o[k] = v }
        return .object(o)
    }

    /// Headers of the error response (§2.1). The server adds `x-amzn-RequestId` and `Content-Length`.
    public var responseHeaders: [(name: String, value: String)] {
        [("Content-Type", "application/json"), ("x-amzn-ErrorType", errorTypeHeaderValue)]
    }

    /// Bytes of the error response body.
    public var responseBody: [UInt8] { body.serializedBytes }

    /// The event-stream member name used for this error mid-stream: the code with a lower-case first
    /// letter (`ThrottlingException` → `throttlingException`, §2.4).
    public var exceptionType: String {
        guard let first = code.first else { return code }
        return first.lowercased() + code.dropFirst()
    }

    /// The error as an event-stream exception frame (§2.4, §4.5): `:exception-type`,
    /// `:content-type: application/json`, `:message-type: exception`, payload = `body`.
    public func exceptionMessage() -> EventStreamMessage {
        .exception(type: exceptionType, payload: responseBody)
    }

    /// Reads an error response the way botocore's `RestJSONParser` does (§2.1): message from body
    /// `message`/`Message` (raw text if the body is not JSON); code from `x-amzn-ErrorType`, else body
    /// `code`/`Code`, else `__type`, else the status, cut at the first `:` and after the last `#`.
    /// Used when relaying errors from an upstream AWS service.
    public static func parse(
        status: Int, headers: [(name: String, value: String)], body: [UInt8]
    ) -> AWSError {
        let json = try? JSONValue.parse(body)
        var members = json?.objectValue ?? JSONObject()
        let message: String
        if let json {
            message = json["message"]?.stringValue ?? json["Message"]?.stringValue ?? ""
        } else {
            message = String(decoding: body, as: UTF8.self)
        }
        let messageKey = members["message"] == nil && members["Message"] != nil ? "Message" : "message"
        members[messageKey] = nil
        var raw = json?["__type"]?.stringValue ?? String(status)
        if let h = headers.first(where: { $0.name.lowercased() == "x-amzn-errortype" }) {
            raw = h.value
        } else if let c = json?["code"]?.stringValue ?? json?["Code"]?.stringValue {
            raw = c
        }
        var code = Substring(raw)
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        return AWSError(code: String(code), status: status, message: message, members: members, messageKey: messageKey)
    }
}
