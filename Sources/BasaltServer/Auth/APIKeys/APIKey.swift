import BasaltCore
import BasaltStore
import Foundation

/// A stored long-term API key: everything but the secret, of which only the SHA-256 is kept. Persisted as a
/// `ResourceRecord` of kind `.apiKey` (id = key id, name = key name, attributes = the rest).
public struct APIKey: Sendable, Hashable {
    /// Whether a key may be used at a given time.
    public enum Status: String, Sendable, Hashable {
        /// Usable.
        case active = "Active"
        /// Past its expiry time.
        case expired = "Expired"
        /// Revoked with `basalt keys revoke`.
        case revoked = "Revoked"
    }

    /// The key id (the record id, and part of the key value).
    public var id: String
    /// The operator-chosen name; callers using the key are the principal `user/<name>`.
    public var name: String
    /// The account id the key was minted for.
    public var accountId: String
    /// Hex SHA-256 of the secret.
    public var secretHash: String
    /// Creation time.
    public var createdAt: Date
    /// When the key stops working, `nil` for never.
    public var expiresAt: Date?
    /// When the key was revoked, `nil` while not revoked.
    public var revokedAt: Date?
    /// The identity-based policy (IAM JSON) attached with `basalt keys create --policy`; `nil` allows everything.
    public var policy: String?

    /// A key from its parts.
    public init(
        id: String, name: String, accountId: String, secretHash: String, createdAt: Date, expiresAt: Date? = nil,
        revokedAt: Date? = nil, policy: String? = nil
    ) {
        self.id = id
        self.name = name
        self.accountId = accountId
        self.secretHash = secretHash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.policy = policy
    }

    /// The status at `now`; revocation wins over expiry.
    public func status(at now: Date) -> Status {
        if revokedAt != nil { return .revoked }
        if let expiresAt, now >= expiresAt { return .expired }
        return .active
    }

    /// The ARN of the IAM user AWS creates behind a long-term key: `arn:aws:iam::<account>:user/BedrockAPIKey-<id>`
    /// (unique across the store, as record ARNs must be).
    public var arn: String { "arn:aws:iam::\(accountId):user/\(LongTermAPIKey.principalPrefix)\(id)" }

    // MARK: - Store mapping

    /// The record the store keeps.
    public var record: ResourceRecord {
        var attributes = JSONObject()
        attributes["accountId"] = .string(accountId)
        attributes["secretSha256"] = .string(secretHash)
        attributes["expiresAt"] = expiresAt.map { .number(Double(ResourceRecord.milliseconds($0))) } ?? .null
        attributes["revokedAt"] = revokedAt.map { .number(Double(ResourceRecord.milliseconds($0))) } ?? .null
        if let policy { attributes["policy"] = .string(policy) }
        return ResourceRecord(
            kind: .apiKey, id: id, name: name, arn: arn, createdAt: createdAt, updatedAt: revokedAt ?? createdAt,
            attributes: .object(attributes))
    }

    /// The key a stored record describes; `nil` for another kind or a record missing the hash.
    public init?(record: ResourceRecord) {
        guard record.kind == .apiKey, let hash = record.attributes["secretSha256"]?.stringValue,
            let account = record.attributes["accountId"]?.stringValue
        else { return nil }
        func date(_ key: String) -> Date? {
            record.attributes[key]?.doubleValue.map { Date(timeIntervalSince1970: $0 / 1000) }
        }
        self.init(
            id: record.id, name: record.name, accountId: account, secretHash: hash, createdAt: record.createdAt,
            expiresAt: date("expiresAt"), revokedAt: date("revokedAt"),
            policy: record.attributes["policy"]?.stringValue)
    }
}
