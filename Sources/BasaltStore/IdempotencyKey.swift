/// A client idempotency token (`clientRequestToken`, `clientToken`) bound to the operation that used it and a
/// fingerprint of the request's parameters. Replaying the same token with the same fingerprint returns the
/// resource the first call created; the same token with other parameters is refused.
public struct IdempotencyKey: Sendable, Hashable {
    /// The operation, e.g. `CreateInferenceProfile` (tokens are scoped per operation).
    public var scope: String
    /// The client's token.
    public var token: String
    /// A stable digest or canonical text of the request parameters.
    public var fingerprint: String

    /// Creates a key.
    public init(scope: String, token: String, fingerprint: String) {
        self.scope = scope
        self.token = token
        self.fingerprint = fingerprint
    }
}
