import BasaltCore
import BasaltWire

/// The modeled errors of `bedrock-runtime` (§2.2) and the exact messages real Bedrock sends (§2.3).
/// Every factory returns an `AWSError`, which renders the rest-json response or the mid-stream
/// exception frame.
public enum BedrockError {
    /// Shape names and HTTP statuses of the runtime's modeled errors (§2.2).
    public enum Code: String, Sendable, CaseIterable {
        case validation = "ValidationException"
        case accessDenied = "AccessDeniedException"
        case resourceNotFound = "ResourceNotFoundException"
        case modelTimeout = "ModelTimeoutException"
        case throttling = "ThrottlingException"
        case modelNotReady = "ModelNotReadyException"
        case modelError = "ModelErrorException"
        case modelStreamError = "ModelStreamErrorException"
        case serviceQuotaExceeded = "ServiceQuotaExceededException"
        case conflict = "ConflictException"
        case internalServer = "InternalServerException"
        case serviceUnavailable = "ServiceUnavailableException"

        /// The modeled HTTP status in `bedrock-runtime` (note ServiceQuotaExceeded and Conflict are 400).
        public var status: Int {
            switch self {
            case .validation, .serviceQuotaExceeded, .conflict: 400
            case .accessDenied: 403
            case .resourceNotFound: 404
            case .modelTimeout: 408
            case .throttling, .modelNotReady: 429
            case .modelError, .modelStreamError: 424
            case .internalServer: 500
            case .serviceUnavailable: 503
            }
        }
    }

    /// An error of the given modeled kind.
    public static func make(_ code: Code, _ message: String) -> AWSError {
        AWSError(code: code.rawValue, status: code.status, message: message)
    }

    // MARK: - Generic factories (§2.2)

    /// ValidationException 400.
    public static func validation(_ message: String) -> AWSError { make(.validation, message) }
    /// AccessDeniedException 403.
    public static func accessDenied(_ message: String) -> AWSError { make(.accessDenied, message) }
    /// ResourceNotFoundException 404.
    public static func resourceNotFound(_ message: String) -> AWSError { make(.resourceNotFound, message) }
    /// ModelTimeoutException 408.
    public static func modelTimeout(
        _ message: String = "Model has timed out in processing the request. Try your request again."
    ) -> AWSError { make(.modelTimeout, message) }
    /// ThrottlingException 429.
    public static func throttling(_ message: String = "Too many requests, please wait before trying again.")
        -> AWSError
    { make(.throttling, message) }
    /// ModelNotReadyException 429 (modeled retryable).
    public static func modelNotReady(_ message: String) -> AWSError { make(.modelNotReady, message) }
    /// ModelErrorException 424 with optional `originalStatusCode` (100…599) and `resourceName`.
    public static func modelError(_ message: String, originalStatusCode: Int? = nil, resourceName: String? = nil)
        -> AWSError
    {
        var e = make(.modelError, message)
        if let s = originalStatusCode { e.members["originalStatusCode"] = .number(Double(s)) }
        if let r = resourceName { e.members["resourceName"] = .string(r) }
        return e
    }
    /// ModelStreamErrorException 424 with optional `originalStatusCode` and `originalMessage`.
    public static func modelStreamError(
        _ message: String, originalStatusCode: Int? = nil, originalMessage: String? = nil
    ) -> AWSError {
        var e = make(.modelStreamError, message)
        if let s = originalStatusCode { e.members["originalStatusCode"] = .number(Double(s)) }
        if let m = originalMessage { e.members["originalMessage"] = .string(m) }
        return e
    }
    /// ServiceQuotaExceededException (400 in bedrock-runtime).
    public static func serviceQuotaExceeded(_ message: String) -> AWSError { make(.serviceQuotaExceeded, message) }
    /// ConflictException (400 in bedrock-runtime).
    public static func conflict(_ message: String) -> AWSError { make(.conflict, message) }
    /// InternalServerException 500.
    public static func internalServer(_ message: String = "The server encountered an internal error.") -> AWSError {
        make(.internalServer, message)
    }
    /// ServiceUnavailableException 503.
    public static func serviceUnavailable(_ message: String = "The service is temporarily unavailable.")
        -> AWSError
    { make(.serviceUnavailable, message) }
}
