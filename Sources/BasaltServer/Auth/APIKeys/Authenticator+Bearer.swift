import BasaltWire
import Foundation

/// What `PendingAuthentication.resolved()` needs to look a long-term key up.
struct LongTermKeyLookup: Sendable {
    /// Where keys live; `nil` refuses every long-term key.
    let directory: (any APIKeyDirectory)?
    /// The server's account id (caller ARNs).
    let accountId: String
    /// The time of the request.
    let now: Date
}

extension Authenticator {
    /// The scheme of a bearer `Authorization` header (RFC 6750; matched case-insensitively, RFC 7235).
    static let bearerScheme = "bearer"

    /// First path segments of the `bedrock-agent` API (prompt management and its tagging), which takes SigV4 only
    /// (§12.6): there a bearer header is read as a malformed SigV4 one, as AWS's front door does.
    static let sigV4OnlyPrefixes: Set<String> = ["prompts", "tags"]

    /// Whether Bedrock API keys are accepted for this request-target path (`bedrock` and `bedrock-runtime`).
    static func acceptsAPIKeys(rawPath: String) -> Bool {
        let first = rawPath.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: true).first ?? ""
        return !sigV4OnlyPrefixes.contains(String(first))
    }

    /// The token of `Authorization: Bearer <token>`, `nil` when the request uses another scheme or none.
    static func bearerToken(in headers: [(name: String, value: String)]) -> String? {
        guard let value = headers.first(where: { $0.name.lowercased() == "authorization" })?.value else { return nil }
        let trimmed = value.drop(while: { $0 == " " })
        let scheme = trimmed.prefix(while: { $0 != " " })
        guard scheme.lowercased() == bearerScheme else { return nil }
        return trimmed.dropFirst(scheme.count).trimmingCharacters(in: .whitespaces)
    }

    /// §12.6: a short-term key is verified here (the credentials file is in memory); a long-term key is parsed
    /// and left for `resolved()` to look up. Any other token is refused for its prefix.
    func beginBearer(_ token: String, now: Int64) throws(AWSError) -> PendingAuthentication {
        if token.hasPrefix(ShortTermAPIKey.prefix) {
            guard let key = ShortTermAPIKey(token: token) else { throw .apiKeyAuthenticationFailed() }
            let verified: VerifiedRequest
            do {
                verified = try key.verify(with: verifier, now: now) { credentials.entry(forAccessKey: $0)?.credentials }
            } catch {
                throw .apiKeyAuthenticationFailed()
            }
            // The caller is the credentials-file entry that presigned the key, with that entry's policy.
            let id = verified.credentials.accessKeyId
            let entry = credentials.entry(forAccessKey: id)
            let name = entry?.name ?? "unknown"
            return PendingAuthentication(state: .decided(CallerIdentity(
                name: name, accessKeyId: id, method: .bearerShortTerm, arn: "arn:aws:iam::\(accountId):user/\(name)",
                policy: entry?.policy)))
        }
        if token.hasPrefix(LongTermAPIKey.prefix) {
            guard let key = LongTermAPIKey(token: token) else { throw .apiKeyAuthenticationFailed() }
            let lookup = LongTermKeyLookup(
                directory: apiKeys, accountId: accountId, now: Date(timeIntervalSince1970: TimeInterval(now)))
            return PendingAuthentication(state: .apiKey(key, lookup: lookup))
        }
        throw .apiKeyInvalidFormat()
    }
}

extension PendingAuthentication {
    /// Whether `resolved()` has a lookup to do (a long-term API key).
    public var needsLookup: Bool {
        if case .apiKey = state { return true }
        return false
    }

    /// Looks a long-term API key up in the key directory and checks it (known id, same account, neither revoked
    /// nor expired, SHA-256 of the secret equal in constant time); other states are returned unchanged.
    public func resolved() async throws(AWSError) -> PendingAuthentication {
        guard case .apiKey(let key, let lookup) = state else { return self }
        guard let directory = lookup.directory else { throw .apiKeyAuthenticationFailed() }
        let stored: APIKey?
        do { stored = try await directory.apiKey(id: key.id) } catch {
            throw AWSError(
                code: "InternalServerException", status: 500, message: "The API key store could not be read.")
        }
        guard let stored, stored.accepts(key, at: lookup.now) else { throw .apiKeyAuthenticationFailed() }
        // The policy was validated by `basalt keys create`; a stored one that no longer parses fails closed.
        var policy: PolicyDocument?
        if let text = stored.policy {
            guard let parsed = try? PolicyDocument.parse(text) else { throw .apiKeyAuthenticationFailed() }
            policy = parsed
        }
        return PendingAuthentication(state: .decided(CallerIdentity(
            name: stored.name, accessKeyId: nil, method: .bearerLongTerm,
            arn: "arn:aws:iam::\(lookup.accountId):user/\(stored.name)", apiKeyId: stored.id, policy: policy)))
    }
}

extension APIKey {
    /// Whether `presented` is this key and usable at `now`: same id and account, active, and the SHA-256 of
    /// its secret equal to the stored hash (compared in constant time).
    public func accepts(_ presented: LongTermAPIKey, at now: Date) -> Bool {
        let hashMatches = SigV4Crypto.constantTimeEquals(secretHash, presented.secretHash)
        return hashMatches && presented.id == id && presented.accountId == accountId && status(at: now) == .active
    }
}
