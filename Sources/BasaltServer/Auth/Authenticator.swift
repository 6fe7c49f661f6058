import BasaltWire
import Foundation

/// Decides who is calling (§12): in `sigv4` mode every request except `GET /health` must carry a valid
/// SigV4 signature (header or presigned URL) by a key of the `CredentialStore`; in `none` mode everyone is
/// the anonymous caller. Failures are AWS's front-door errors (§12.5) as `AWSError`s, ready to render.
///
/// Two steps, so a request with bad credentials is refused before its body is read:
/// `begin(…)` checks the head, `PendingAuthentication.finish(body:)` checks the signature over the body.
/// `authenticate(…)` does both.
public struct Authenticator: Sendable {
    /// `none` or `sigv4`.
    public let mode: ServerConfiguration.AuthMode
    /// The accepted keys.
    public let credentials: CredentialStore
    /// The account id used in caller ARNs.
    public let accountId: String
    /// Region, service and skew window.
    public let verifier: SigV4Verifier
    private let clock: @Sendable () -> Date

    /// Paths answered without authentication (method `GET`/`HEAD` only).
    public static let exemptPaths: Set<String> = ["/health"]

    /// - Parameters:
    ///   - region: the region credentials must be scoped to.
    ///   - allowedSkew: seconds between the request time and now that are tolerated (AWS: 300).
    ///   - clock: the current time (injected for tests).
    public init(
        mode: ServerConfiguration.AuthMode, credentials: CredentialStore, region: String,
        accountId: String = "123456789012", allowedSkew: Int64 = 300,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.mode = mode
        self.credentials = credentials
        self.accountId = accountId
        self.verifier = SigV4Verifier(region: region, service: "bedrock", allowedSkew: allowedSkew)
        self.clock = clock
    }

    /// The authenticator `basalt serve` runs with: for `sigv4`, the credentials file is required and must
    /// hold at least one key.
    public static func make(configuration: ServerConfiguration, credentialsPath: String?) throws(CredentialFileError) -> Authenticator {
        var store = CredentialStore.empty
        if configuration.auth == .sigv4 {
            guard let credentialsPath else { throw CredentialFileError("--auth sigv4 needs --credentials FILE") }
            store = try CredentialStore.load(path: credentialsPath)
            guard store.count > 0 else { throw CredentialFileError("\(credentialsPath): no credentials found") }
        }
        return Authenticator(
            mode: configuration.auth, credentials: store, region: configuration.region, accountId: configuration.accountId)
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
        let head = SignedRequestHead(method: method, rawPath: rawPath, rawQuery: rawQuery, headers: headers)
        let now = Int64(clock().timeIntervalSince1970.rounded(.down))
        do {
            let pending = try verifier.check(head, now: now) { credentials.entry(forAccessKey: $0)?.credentials }
            let name = credentials.entry(forAccessKey: pending.parameters.credential.accessKeyId)?.name ?? "unknown"
            return PendingAuthentication(state: .signature(pending, name: name, accountId: accountId))
        } catch {
            throw error.awsError
        }
    }

    /// Both steps.
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
        case signature(SigV4Verifier.Pending, name: String, accountId: String)
    }

    let state: State

    /// The caller, once the signature over `body` (the bytes exactly as received) verifies.
    public func finish(body: [UInt8]) throws(AWSError) -> CallerIdentity {
        switch state {
        case .decided(let identity):
            return identity
        case .signature(let pending, let name, let accountId):
            let verified: VerifiedRequest
            do { verified = try pending.verify(body: body) } catch { throw error.awsError }
            return CallerIdentity(
                name: name, accessKeyId: verified.credentials.accessKeyId,
                method: verified.parameters.form == .query ? .sigv4Query : .sigv4Header,
                arn: "arn:aws:iam::\(accountId):user/\(name)")
        }
    }
}
