import BasaltWire
import Foundation

/// The value of a long-term Bedrock API key (§12.6): `ABSK` + base64(`BedrockAPIKey-<id>-at-<account>:<secret>`).
///
/// The key carries its own id, so the server finds the stored record by id and compares the SHA-256 of the
/// secret; the secret itself is shown once, when the key is created, and never stored.
public struct LongTermAPIKey: Sendable, Hashable {
    /// The prefix every long-term key starts with.
    public static let prefix = "ABSK"
    /// The user-name prefix inside the decoded key (AWS names the IAM user behind a key `BedrockAPIKey-…`).
    public static let principalPrefix = "BedrockAPIKey-"

    /// The key id (lower-case letters and digits), the store's record id.
    public var id: String
    /// The account id the key was minted for.
    public var accountId: String
    /// The secret (base64url, no padding, of 32 random bytes for keys Basalt creates).
    public var secret: String

    /// A key from its parts.
    public init(id: String, accountId: String, secret: String) {
        self.id = id
        self.accountId = accountId
        self.secret = secret
    }

    /// A new key with a random id and a 256-bit secret from the system CSPRNG (`getrandom` on Linux,
    /// `SecRandomCopyBytes` on Darwin: `SystemRandomNumberGenerator` is cryptographically secure on both).
    public static func generate(accountId: String) -> LongTermAPIKey {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        let id = String((0..<12).map { _ in alphabet[Int(rng.next(upperBound: UInt8(alphabet.count)))] })
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
        return LongTermAPIKey(id: id, accountId: accountId, secret: base64URL(bytes))
    }

    /// The key as the client sends it: `ABSK` + base64 of `BedrockAPIKey-<id>-at-<account>:<secret>`.
    public var token: String {
        Self.prefix + Data("\(Self.principalPrefix)\(id)-at-\(accountId):\(secret)".utf8).base64EncodedString()
    }

    /// Hex SHA-256 of the secret: what the store keeps.
    public var secretHash: String { Self.hash(secret: secret) }

    /// Hex SHA-256 of a secret's UTF-8 bytes.
    public static func hash(secret: String) -> String { SigV4Crypto.sha256Hex(secret) }

    /// Parses a key that starts with `ABSK`; `nil` when the rest is not base64 of
    /// `BedrockAPIKey-<id>-at-<account>:<secret>` with a non-empty id, account and secret.
    public init?(token: some StringProtocol) {
        guard token.hasPrefix(Self.prefix) else { return nil }
        var encoded = String(token.dropFirst(Self.prefix.count))
        // Tolerate missing padding, as lenient base64 decoders do.
        while encoded.count % 4 != 0 { encoded += "=" }
        guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8),
            let colon = text.firstIndex(of: ":")
        else { return nil }
        let principal = text[..<colon]
        let secret = text[text.index(after: colon)...]
        guard principal.hasPrefix(Self.principalPrefix), let at = principal.range(of: "-at-", options: .backwards)
        else { return nil }
        let id = principal[principal.index(principal.startIndex, offsetBy: Self.principalPrefix.count)..<at.lowerBound]
        let account = principal[at.upperBound...]
        guard !id.isEmpty, !account.isEmpty, !secret.isEmpty else { return nil }
        self.init(id: String(id), accountId: String(account), secret: String(secret))
    }

    /// Base64url without padding (RFC 4648 §5).
    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
