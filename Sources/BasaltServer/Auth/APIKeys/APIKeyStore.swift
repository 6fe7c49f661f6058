import BasaltStore
import Foundation

/// Finds long-term API keys by id. The `Authenticator` asks on every bearer request, so a key created or
/// revoked by another process (`basalt keys …` against the same data directory) takes effect at once.
public protocol APIKeyDirectory: Sendable {
    /// The key with this id, or `nil`.
    func apiKey(id: String) async throws -> APIKey?
}

/// Long-term API keys kept in a `ResourceStore` (kind `.apiKey`): create, list, revoke, delete, look up.
public struct APIKeyStore: APIKeyDirectory {
    /// A refused operation, worded for the operator.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// What went wrong.
        public var message: String
        public var description: String { message }
    }

    /// The store the keys live in.
    public let store: any ResourceStore

    /// Keys in `store`.
    public init(store: any ResourceStore) { self.store = store }

    /// Key names follow IAM user names: 1–64 of `A–Z a–z 0–9 + = , . @ _ -`.
    public static func isValidName(_ name: String) -> Bool {
        let allowed = CharacterSet(charactersIn: "+=,.@_-")
        return (1...64).contains(name.count)
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || allowed.contains($0)) }
    }

    /// Creates a key; returns what is stored and the key value (shown once, never stored).
    /// - Parameter lifetime: seconds until the key expires, `nil` for a key that never expires.
    public func create(
        name: String, accountId: String, lifetime: TimeInterval?, policy: String? = nil, now: Date = Date()
    ) async throws
        -> (key: APIKey, token: String)
    {
        guard Self.isValidName(name) else {
            throw Failure(message: "invalid key name '\(name)': use 1–64 of A–Z a–z 0–9 + = , . @ _ -")
        }
        if let lifetime, lifetime <= 0 { throw Failure(message: "the lifetime of a key must be positive") }
        let value = LongTermAPIKey.generate(accountId: accountId)
        let key = APIKey(
            id: value.id, name: name, accountId: accountId, secretHash: value.secretHash, createdAt: now,
            expiresAt: lifetime.map { now.addingTimeInterval($0) }, policy: policy)
        do {
            _ = try await store.insert(key.record, tags: [], idempotency: nil)
        } catch let error as StoreError where error.code == .duplicateName {
            throw Failure(message: "a key named '\(name)' already exists")
        }
        return (APIKey(record: key.record) ?? key, value.token)
    }

    /// Every key, oldest first.
    public func list() async throws -> [APIKey] {
        var keys: [APIKey] = []
        var cursor: String?
        repeat {
            let page = try await store.list(ResourceQuery(kind: .apiKey, limit: 100, cursor: cursor))
            keys += page.records.compactMap(APIKey.init(record:))
            cursor = page.nextCursor
        } while cursor != nil
        return keys
    }

    /// The key with this id, or else with this name.
    public func find(_ idOrName: String) async throws -> APIKey? {
        if let key = try await apiKey(id: idOrName) { return key }
        return try await store.record(.name(.apiKey, idOrName)).flatMap(APIKey.init(record:))
    }

    /// Marks the key revoked (it fails at once; `list` still shows it). Revoking twice keeps the first time.
    @discardableResult
    public func revoke(_ idOrName: String, now: Date = Date()) async throws -> APIKey {
        guard var key = try await find(idOrName) else { throw Failure(message: "no API key with id or name '\(idOrName)'") }
        guard key.revokedAt == nil else { return key }
        key.revokedAt = now
        return APIKey(record: try await store.update(key.record)) ?? key
    }

    /// Removes the key and frees its name.
    @discardableResult
    public func delete(_ idOrName: String) async throws -> APIKey {
        guard let key = try await find(idOrName) else { throw Failure(message: "no API key with id or name '\(idOrName)'") }
        try await store.delete(.apiKey, id: key.id)
        return key
    }

    public func apiKey(id: String) async throws -> APIKey? {
        try await store.record(.id(.apiKey, id)).flatMap(APIKey.init(record:))
    }
}
