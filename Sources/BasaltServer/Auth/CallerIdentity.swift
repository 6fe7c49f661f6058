/// Who made a request, as established by the `Authenticator`.
public struct CallerIdentity: Sendable, Hashable {
    /// How the caller proved its identity.
    public enum Method: String, Sendable, Hashable {
        /// `--auth none`, or a route that needs no authentication (`GET /health`).
        case anonymous
        /// SigV4 `Authorization` header.
        case sigv4Header
        /// SigV4 presigned URL.
        case sigv4Query
    }

    /// The section name of the credential (`anonymous` when unauthenticated).
    public var name: String
    /// The access key id, `nil` when unauthenticated.
    public var accessKeyId: String?
    /// How the caller authenticated.
    public var method: Method
    /// `arn:aws:iam::<account>:user/<name>`: the principal named in policy decisions and error messages.
    public var arn: String

    /// An identity from its parts.
    public init(name: String, accessKeyId: String?, method: Method, arn: String) {
        self.name = name
        self.accessKeyId = accessKeyId
        self.method = method
        self.arn = arn
    }

    /// The unauthenticated caller of the given account.
    public static func anonymous(accountId: String) -> CallerIdentity {
        CallerIdentity(name: "anonymous", accessKeyId: nil, method: .anonymous, arn: "arn:aws:iam::\(accountId):root")
    }
}
