/// An AWS access key: id, secret and, for temporary credentials, the session token that must accompany it.
public struct SigningCredentials: Sendable, Hashable {
    /// The access key id (`AKIA…`/`ASIA…`, or any operator-chosen id).
    public var accessKeyId: String
    /// The secret access key.
    public var secretAccessKey: String
    /// The session token of temporary credentials; requests must carry it as `X-Amz-Security-Token`.
    public var sessionToken: String?

    /// A credential from its parts.
    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}
