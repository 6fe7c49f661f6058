/// Why a SigV4 verification failed (§12.2, §12.5), with AWS's error code, status and message text.
///
/// `awsError` renders the front-door error exactly as AWS words it; `kind` lets callers and tests branch
/// without matching on message text.
public struct SigV4Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// The failure classes of §12.5.
    public enum Kind: String, Sendable, Hashable {
        /// No `Authorization` header and no presigned query parameters.
        case missingAuthenticationToken
        /// The `Authorization` header or the presigned query parameters are malformed or incomplete.
        case incompleteSignature
        /// The access key id is unknown, or the session token does not belong to it.
        case unrecognizedClient
        /// The credential scope (date, region, service, terminator) is wrong.
        case invalidScope
        /// The request time is outside the allowed window (expired or not yet current).
        case expired
        /// The recomputed signature differs from the one sent.
        case signatureMismatch
    }

    /// The failure class.
    public var kind: Kind
    /// The AWS error code (`x-amzn-ErrorType`).
    public var code: String
    /// The HTTP status.
    public var status: Int
    /// The message exactly as AWS words it.
    public var message: String

    private init(_ kind: Kind, _ code: String, _ status: Int, _ message: String) {
        self.kind = kind
        self.code = code
        self.status = status
        self.message = message
    }

    public var description: String { "\(code) (\(status)): \(message)" }

    /// The namespace AWS's front door appends to `x-amzn-ErrorType` for authentication errors.
    public static let coralServiceNamespace = "http://internal.amazon.com/coral/com.amazon.coral.service/"

    /// The rest-json error response (§2.1, §12.5).
    public var awsError: AWSError {
        AWSError(code: code, status: status, message: message, errorTypeNamespace: Self.coralServiceNamespace)
    }

    // MARK: - Factories (messages from §12.5)

    /// `MissingAuthenticationTokenException`: no credentials at all.
    public static func missingAuthenticationToken() -> SigV4Error {
        SigV4Error(.missingAuthenticationToken, "MissingAuthenticationTokenException", 403, "Missing Authentication Token")
    }

    /// `IncompleteSignatureException` with the given text. AWS's status here is 400 or 403 (§12.5 [U]); the
    /// front door answers 403 for every other signature problem, so 403 is used.
    public static func incomplete(_ message: String) -> SigV4Error {
        SigV4Error(.incompleteSignature, "IncompleteSignatureException", 403, message)
    }

    /// `UnrecognizedClientException`: unknown access key or invalid session token.
    public static func unrecognizedClient() -> SigV4Error {
        SigV4Error(
            .unrecognizedClient, "UnrecognizedClientException", 403,
            "The security token included in the request is invalid.")
    }

    /// `InvalidSignatureException`: the credential is scoped to another service.
    public static func wrongService(expected: String) -> SigV4Error {
        SigV4Error(
            .invalidScope, "InvalidSignatureException", 403,
            "Credential should be scoped to correct service: '\(expected)'. ")
    }

    /// `InvalidSignatureException`: the credential is scoped to another region.
    public static func wrongRegion() -> SigV4Error {
        SigV4Error(.invalidScope, "InvalidSignatureException", 403, "Credential should be scoped to a valid region. ")
    }

    /// `InvalidSignatureException`: the scope's terminator is not `aws4_request`.
    public static func wrongTerminator(_ got: String) -> SigV4Error {
        SigV4Error(
            .invalidScope, "InvalidSignatureException", 403,
            "Credential should be scoped with a valid terminator: 'aws4_request', not '\(got)'. ")
    }

    /// `InvalidSignatureException`: the scope date differs from the request date.
    public static func scopeDateMismatch(scopeDate: String, requestTime: String) -> SigV4Error {
        SigV4Error(
            .invalidScope, "InvalidSignatureException", 403,
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '\(scopeDate)'"
                + " != '\(requestTime.prefix(8))', from '\(requestTime)'.")
    }

    /// `InvalidSignatureException`: the request is older than the window allows (§12.5, trap 29).
    /// All times in the `yyyyMMddTHHmmssZ` form.
    public static func expired(requestTime: String, earliest: String, now: String, window: String) -> SigV4Error {
        SigV4Error(
            .expired, "InvalidSignatureException", 403,
            "Signature expired: \(requestTime) is now earlier than \(earliest) (\(now) - \(window).)")
    }

    /// `InvalidSignatureException`: the request is dated too far in the future.
    public static func notYetCurrent(requestTime: String, latest: String, now: String, window: String) -> SigV4Error {
        SigV4Error(
            .expired, "InvalidSignatureException", 403,
            "Signature not yet current: \(requestTime) is still later than \(latest) (\(now) + \(window).)")
    }

    /// `InvalidSignatureException`: the signature does not match. Like AWS, the message ends with the
    /// canonical request and string-to-sign the server computed (neither contains a secret).
    public static func signatureMismatch(canonicalRequest: String, stringToSign: String) -> SigV4Error {
        SigV4Error(
            .signatureMismatch, "InvalidSignatureException", 403,
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret"
                + " Access Key and signing method. Consult the service documentation for details."
                + "\n\nThe Canonical String for this request should have been\n'\(canonicalRequest)'"
                + "\n\nThe String-to-Sign should have been\n'\(stringToSign)'\n")
    }
}
