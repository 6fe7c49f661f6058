import BasaltWire

/// Errors of the `bedrock` control plane and `bedrock-agent` that the runtime's `BedrockError` lacks. The same
/// shape names carry different statuses per service (spec §16 trap 10): `ConflictException` is 400 in `bedrock`
/// and 409 in `bedrock-agent`; `ServiceQuotaExceededException` 400 vs 402.
public enum ControlPlaneError {
    /// Which service model's status codes apply.
    public enum Service: Sendable { case bedrock, agent }

    /// `ConflictException`.
    public static func conflict(_ message: String, service: Service) -> AWSError {
        AWSError(code: "ConflictException", status: service == .agent ? 409 : 400, message: message)
    }

    /// `ServiceQuotaExceededException`.
    public static func serviceQuotaExceeded(_ message: String, service: Service) -> AWSError {
        AWSError(code: "ServiceQuotaExceededException", status: service == .agent ? 402 : 400, message: message)
    }

    /// `TooManyTagsException` (bedrock, 400; carries `resourceName`).
    public static func tooManyTags(resourceName: String) -> AWSError {
        var e = AWSError(code: "TooManyTagsException", status: 400, message: "The number of tags on the resource exceeds the limit of 50.")
        e.members["resourceName"] = .string(resourceName)
        return e
    }

    /// `ResourceNotFoundException` 404.
    public static func notFound(_ message: String) -> AWSError {
        AWSError(code: "ResourceNotFoundException", status: 404, message: message)
    }

    /// `ValidationException` 400.
    public static func validation(_ message: String) -> AWSError {
        AWSError(code: "ValidationException", status: 400, message: message)
    }

    /// The message for an idempotency token replayed with other parameters.
    public static func idempotencyMismatch() -> AWSError {
        validation("The client token was already used with different request parameters.")
    }

    /// The message for a `nextToken` this server did not issue.
    public static func invalidNextToken() -> AWSError { validation("The provided pagination token is invalid.") }
}
