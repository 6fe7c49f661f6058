import BasaltWire
import Foundation

/// Decides who is calling (§12): in `sigv4` mode every request except `GET /health` must carry a valid
/// SigV4 signature (header or presigned URL) by a key of the `CredentialStore`, or a Bedrock API key
/// (`Authorization: Bearer …`, §12.6): a short-term key presigned by a key of the `CredentialStore`, or a
/// long-term key of the `APIKeyDirectory`. In `none` mode everyone is the anonymous caller. Failures are AWS's
/// front-door errors (§12.5, §12.6) as `AWSError`s, ready to render.
///
/// Steps, so a request with bad credentials is refused before its body is read:
/// `begin(…)` checks the head, `PendingAuthentication.resolved()` looks a long-term API key up (async),
/// `PendingAuthentication.finish(body:)` checks the signature over the body.
/// `authenticate(…)` does the synchronous steps (no long-term keys); `begin(_ request:)` (Hummingbird)
/// does the first two.
public struct Authenticator: Sendable {
    /// `none` or `sigv4`.
    public let mode: ServerConfiguration.AuthMode
    /// The accepted keys.
    public let credentials: CredentialStore
    /// The account id used in caller ARNs.
    public let accountId: String
    /// Region, service and skew window.
    public let verifier: SigV4Verifier
    /// Where long-term API keys are looked up; `nil` refuses every `ABSK…` key.
    public let apiKeys: (any APIKeyDirectory)?
    private let clock: @Sendable () -> Date

    /// Paths answered without authentication (method `GET`/`HEAD` only).
    public static let exemptPaths: Set<String> = ["/health"]

    /// - Parameters:
    ///   - region: the region credentials must be scoped to.
    ///   - allowedSkew: seconds between the request time and now that are tolerated (AWS: 300).
    ///   - apiKeys: where long-term API keys are looked up (`nil`: none are accepted).
    ///   - clock: the current time (injected for tests).
    public init(
        mode: ServerConfiguration.AuthMode, credentials: CredentialStore, region: String,
        accountId: String = "123456789012", allowedSkew: Int64 = 300, apiKeys: (any APIKeyDirectory)? = nil,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.mode = mode
        self.credentials = credentials
        self.accountId = accountId
        self.verifier = SigV4Verifier(region: region, service: "bedrock", allowedSkew: allowedSkew)
        self.apiKeys = apiKeys
        self.clock = clock
    }

    /// The authenticator `basalt serve` runs with: for `sigv4`, the credentials file is required and must
    /// hold at least one key. Long-term API keys are looked up in `apiKeys`.
    public static func make(
        configuration: ServerConfiguration, credentialsPath: String?, apiKeys: (any APIKeyDirectory)? = nil
    ) throws(CredentialFileError) -> Authenticator {
        var store = CredentialStore.empty
        if configuration.auth == .sigv4 {
            guard let credentialsPath else { throw CredentialFileError("--auth sigv4 needs --credentials FILE") }
            store = try CredentialStore.load(path: credentialsPath)
            guard store.count > 0 else { throw CredentialFileError("\(credentialsPath): no credentials found") }
        }
        return Authenticator(
            mode: configuration.auth, credentials: store, region: configuration.region, accountId: configuration.accountId,
            apiKeys: apiKeys)
    }

    /// Step 1: checks everything but the signature over the body.
    /// - Parameters:
    ///   - rawPath: the request-target path as received (percent-encoded, not decoded).
    ///   - rawQuery: the query string as received, without `?`.
    ///   - headers: every request header including `host` (HTTP/1.1 `Host` or the HTTP/2 authority).
    public func begin(
        method: String, rawPath: String, rawQuery: String, headers: [(name: String, value: String)]
    ) throws(AWSError) -> PendingAuthentication {
        if mode == .none || ((method == "GET" || method == "HEAD") && Self.exemptPaths.contains(rawPath)) {
            return PendingAuthentication(state: .decided(.anonymous(accountId: accountId)))
        }
        let now = Int64(clock().timeIntervalSince1970.rounded(.down))
        if let token = Self.bearerToken(in: headers), Self.acceptsAPIKeys(rawPath: rawPath) {
            return try beginBearer(token, now: now)
        }
        let head = SignedRequestHead(method: method, rawPath: rawPath, rawQuery: rawQuery, headers: headers)
        do {
            let pending = try verifier.check(head, now: now) { credentials.entry(forAccessKey: $0)?.credentials }
            let entry = credentials.entry(forAccessKey: pending.parameters.credential.accessKeyId)
            return PendingAuthentication(
                state: .signature(pending, name: entry?.name ?? "unknown", accountId: accountId, policy: entry?.policy))
        } catch {
            throw error.awsError
        }
    }

    /// Both synchronous steps (a long-term API key needs `begin(…)`, `resolved()`, `finish(body:)`).
    public func authenticate(
        method: String, rawPath: String, rawQuery: String, headers: [(name: String, value: String)], body: [UInt8]
    ) throws(AWSError) -> CallerIdentity {
        try begin(method: method, rawPath: rawPath, rawQuery: rawQuery, headers: headers).finish(body: body)
    }
}

/// A request whose head passed authentication; `finish(body:)` verifies the signature over the body.
public struct PendingAuthentication: Sendable {
    enum State: Sendable {
        case decided(CallerIdentity)
        case signature(SigV4Verifier.Pending, name: String, accountId: String, policy: PolicyDocument?)
        /// A long-term API key not yet looked up (`resolved()` does it).
        case apiKey(LongTermAPIKey, lookup: LongTermKeyLookup)
    }

    let state: State

    /// The caller, once the signature over `body` (the bytes exactly as received) verifies. A long-term API
    /// key must have been `resolved()` first, else it is refused.
    public func finish(body: [UInt8]) throws(AWSError) -> CallerIdentity {
        switch state {
        case .decided(let identity):
            return identity
        case .apiKey:
            throw .apiKeyAuthenticationFailed()
        case .signature(let pending, let name, let accountId, let policy):
            let verified: VerifiedRequest
            do { verified = try pending.verify(body: body) } catch { throw error.awsError }
            return CallerIdentity(
                name: name, accessKeyId: verified.credentials.accessKeyId,
                method: verified.parameters.form == .query ? .sigv4Query : .sigv4Header,
                arn: "arn:aws:iam::\(accountId):user/\(name)", policy: policy)
        }
    }
}
