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
        /// `Authorization: Bearer ABSK…`: a long-term Bedrock API key created with `basalt keys create` (§12.6).
        case bearerLongTerm
        /// `Authorization: Bearer bedrock-api-key-…`: a short-term key, a presigned URL signed by a key of the
        /// credentials file (§12.6).
        case bearerShortTerm
    }

    /// The section name of the credential, or the name of the long-term API key (`anonymous` when
    /// unauthenticated).
    public var name: String
    /// The access key id, `nil` when unauthenticated.
    public var accessKeyId: String?
    /// How the caller authenticated.
    public var method: Method
    /// `arn:aws:iam::<account>:user/<name>`: the principal named in policy decisions and error messages.
    public var arn: String
    /// The id of the long-term API key the caller presented (`basalt keys list`), else `nil`.
    public var apiKeyId: String?
    /// The identity-based policy attached to the credential (`basalt_policy`); `nil` allows everything.
    public var policy: PolicyDocument?

    /// An identity from its parts.
    public init(
        name: String, accessKeyId: String?, method: Method, arn: String, apiKeyId: String? = nil,
        policy: PolicyDocument? = nil
    ) {
        self.name = name
        self.accessKeyId = accessKeyId
        self.method = method
        self.arn = arn
        self.apiKeyId = apiKeyId
        self.policy = policy
    }

    /// The unauthenticated caller of the given account.
    public static func anonymous(accountId: String) -> CallerIdentity {
        CallerIdentity(name: "anonymous", accessKeyId: nil, method: .anonymous, arn: "arn:aws:iam::\(accountId):root")
    }
}
