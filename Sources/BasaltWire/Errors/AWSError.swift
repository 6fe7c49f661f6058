import BasaltCore

/// An AWS rest-json service error (§2.1): the error code (shape name, e.g. `ValidationException`),
/// the HTTP status, the message and any extra modeled body members (`originalStatusCode`,
/// `resourceName`, `fieldList`, …).
///
/// Renders without any HTTP framework: `status`, `responseHeaders` and `responseBody` for an
/// ordinary error response, and `exceptionMessage()` for an error that happens after a stream
/// started (§2.4).
public struct AWSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The error shape name, e.g. `ThrottlingException`.
    public var code: String
    /// The HTTP status code.
    public var status: Int
    /// The human-readable message (body key `message`).
    public var message: String
    /// Further body members, written after the message in insertion order.
    public var members: JSONObject
    /// Body key of the message: `message` for service errors, `Message` for some front-door auth errors.
    public var messageKey: String
    /// Suffix of `x-amzn-ErrorType` after `<Code>:`; `nil` sends the bare code.
    public var errorTypeNamespace: String?

    /// The namespace real Bedrock appends to `x-amzn-ErrorType`.
    public static let bedrockNamespace = "http://internal.amazon.com/coral/com.amazon.bedrock/"

    /// An error with the given shape name, HTTP status, message and extra body members.
    public init(
        code: String, status: Int, message: String, members: JSONObject = JSONObject(),
        messageKey: String = "message", errorTypeNamespace: String? = AWSError.bedrockNamespace
    ) {
        self.code = code
        self.status = status
        self.message = message
        self.members = members
        self.messageKey = messageKey
        self.errorTypeNamespace = errorTypeNamespace
    }

    public var description: String { "\(code) (\(status)): \(message)" }

    /// Returns a copy with one more body member.
    public func with(_ key: String, _ value: JSONValue) -> AWSError {
        var copy = self
        copy.members[key] = value
        return copy
    }
}
