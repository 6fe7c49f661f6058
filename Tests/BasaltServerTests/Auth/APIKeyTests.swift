import BasaltServer
import BasaltStore
import BasaltWire
import Foundation
import Synchronization
import Testing

/// Long-term Bedrock API keys: the `ABSK…` format, hashing, the store, and the authenticator's lookup.
@Suite struct APIKeyTests {
    static let now = Date(timeIntervalSince1970: 1_705_320_000)

    @Test func formatIsAWSsBase64OfPrincipalAndSecret() throws {
        // Built by hand from the documented layout, not by the code under test.
        let token = "ABSK" + Data("BedrockAPIKey-abcd-at-123456789012:s3cr3t+/=:x".utf8).base64EncodedString()
        let key = try #require(LongTermAPIKey(token: token))
        #expect(key.id == "abcd")
        #expect(key.accountId == "123456789012")
        #expect(key.secret == "s3cr3t+/=:x")
        #expect(key.token == token)
        for bad in [
            "ABSK", "ABSK!!!!", "absk" + Data("BedrockAPIKey-a-at-1:s".utf8).base64EncodedString(),
            "ABSK" + Data("BedrockAPIKey-a-at-1".utf8).base64EncodedString(),
            "ABSK" + Data("SomeoneElse-a-at-1:s".utf8).base64EncodedString(),
            "ABSK" + Data("BedrockAPIKey--at-1:s".utf8).base64EncodedString(),
            "ABSK" + Data("BedrockAPIKey-a-at-1:".utf8).base64EncodedString(),
        ] {
            #expect(LongTermAPIKey(token: bad) == nil, "\(bad)")
        }
    }

    @Test func generatedKeysAreRandomAndRoundTrip() throws {
        let a = LongTermAPIKey.generate(accountId: "111122223333")
        let b = LongTermAPIKey.generate(accountId: "111122223333")
        #expect(a.id != b.id)
        #expect(a.secret != b.secret)
        #expect(a.id.count == 12)
        // 32 random bytes, base64url without padding.
        var padded = a.secret.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while padded.count % 4 != 0 { padded += "=" }
        #expect(Data(base64Encoded: padded)?.count == 32)
        let decoded = String(decoding: Data(base64Encoded: String(a.token.dropFirst(4)))!, as: UTF8.self)
        #expect(decoded == "BedrockAPIKey-\(a.id)-at-111122223333:\(a.secret)")
        #expect(LongTermAPIKey(token: a.token) == a)
    }

    @Test func secretHashIsSHA256() {
        // FIPS 180-2 test vector.
        #expect(LongTermAPIKey.hash(secret: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let key = LongTermAPIKey(id: "k", accountId: "1", secret: "abc")
        #expect(key.secretHash == LongTermAPIKey.hash(secret: "abc"))
    }

    @Test func storedKeyAcceptsOnlyItsActiveSecret() {
        let value = LongTermAPIKey(id: "k1", accountId: "111122223333", secret: "right")
        var key = APIKey(
            id: "k1", name: "ci", accountId: "111122223333", secretHash: value.secretHash, createdAt: Self.now,
            expiresAt: Self.now.addingTimeInterval(3600))
        #expect(key.accepts(value, at: Self.now))
        #expect(!key.accepts(LongTermAPIKey(id: "k1", accountId: "111122223333", secret: "wrong"), at: Self.now))
        #expect(!key.accepts(LongTermAPIKey(id: "k1", accountId: "999999999999", secret: "right"), at: Self.now))
        #expect(!key.accepts(value, at: Self.now.addingTimeInterval(3600)))
        #expect(key.status(at: Self.now.addingTimeInterval(3600)) == .expired)
        key.revokedAt = Self.now
        #expect(!key.accepts(value, at: Self.now))
        #expect(key.status(at: Self.now) == .revoked)
        #expect(APIKey(record: key.record) == key)
        #expect(key.record.kind == .apiKey)
        #expect(!"\(key.record.attributes)".contains("right"))
    }

    @Test func storeCreatesListsRevokesAndDeletes() async throws {
        let keys = APIKeyStore(store: MemoryResourceStore())
        let (ci, token) = try await keys.create(name: "ci", accountId: "111122223333", lifetime: 86_400, now: Self.now)
        #expect(ci.expiresAt == Self.now.addingTimeInterval(86_400))
        #expect(LongTermAPIKey(token: token)?.id == ci.id)
        await #expect(throws: APIKeyStore.Failure.self) {
            try await keys.create(name: "ci", accountId: "111122223333", lifetime: nil)
        }
        await #expect(throws: APIKeyStore.Failure.self) {
            try await keys.create(name: "bad name", accountId: "111122223333", lifetime: nil)
        }
        let (ops, _) = try await keys.create(name: "ops", accountId: "111122223333", lifetime: nil, now: Self.now)
        #expect(try await keys.list().map(\.name) == ["ci", "ops"])
        #expect(try await keys.find("ci")?.id == ci.id)
        #expect(try await keys.find(ops.id)?.name == "ops")
        let revoked = try await keys.revoke("ci", now: Self.now.addingTimeInterval(5))
        #expect(revoked.status(at: Self.now.addingTimeInterval(10)) == .revoked)
        #expect(try await keys.apiKey(id: ci.id)?.revokedAt == Self.now.addingTimeInterval(5))
        try await keys.delete(ops.id)
        #expect(try await keys.list().map(\.name) == ["ci"])
        await #expect(throws: APIKeyStore.Failure.self) { try await keys.revoke("nobody") }
    }

    @Test func authenticatorLooksTheKeyUpOnEveryRequest() async throws {
        let keys = APIKeyStore(store: MemoryResourceStore())
        let (key, token) = try await keys.create(name: "ci", accountId: "111122223333", lifetime: 3600, now: Self.now)
        let clock = ManualClock(Self.now.addingTimeInterval(60))
        let auth = Authenticator(
            mode: .sigv4, credentials: .empty, region: "us-east-1", accountId: "111122223333", apiKeys: keys,
            clock: { clock.now })
        func call(_ token: String) async throws(AWSError) -> CallerIdentity {
            let headers = [("host", "x"), ("authorization", "Bearer \(token)")]
            let pending = try auth.begin(method: "POST", rawPath: "/model/m/converse", rawQuery: "", headers: headers)
            return try await pending.resolved().finish(body: [])
        }
        let id = try await call(token)
        #expect(id == CallerIdentity(
            name: "ci", accessKeyId: nil, method: .bearerLongTerm, arn: "arn:aws:iam::111122223333:user/ci",
            apiKeyId: key.id))
        // Unresolved, a long-term key is refused rather than let through.
        let pending = try auth.begin(
            method: "POST", rawPath: "/", rawQuery: "", headers: [("authorization", "Bearer \(token)")])
        #expect(pending.needsLookup)
        #expect(throws: AWSError.apiKeyAuthenticationFailed()) { try pending.finish(body: []) }
        // A wrong secret for a real id, an unknown id, then expiry and revocation.
        let forged = LongTermAPIKey(id: key.id, accountId: "111122223333", secret: "guess").token
        await #expect(throws: AWSError.apiKeyAuthenticationFailed()) { try await call(forged) }
        let unknown = LongTermAPIKey(id: "nosuchkey", accountId: "111122223333", secret: "x").token
        await #expect(throws: AWSError.apiKeyAuthenticationFailed()) { try await call(unknown) }
        clock.now = Self.now.addingTimeInterval(3600)
        await #expect(throws: AWSError.apiKeyAuthenticationFailed()) { try await call(token) }
        clock.now = Self.now.addingTimeInterval(60)
        #expect(try await call(token).name == "ci")
        try await keys.revoke(key.id)
        await #expect(throws: AWSError.apiKeyAuthenticationFailed()) { try await call(token) }
        // Without a directory no long-term key is accepted.
        let bare = Authenticator(mode: .sigv4, credentials: .empty, region: "us-east-1")
        let orphan = try bare.begin(method: "POST", rawPath: "/", rawQuery: "", headers: [("authorization", "Bearer \(token)")])
        await #expect(throws: AWSError.apiKeyAuthenticationFailed()) { try await orphan.resolved() }
    }
}

/// A settable current time.
private final class ManualClock: Sendable {
    private let value: Mutex<Date>
    init(_ start: Date) { value = Mutex(start) }
    var now: Date {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}

/// A `ResourceStore` in memory: enough of the contract (unique names per kind, lookup by id, name and ARN,
/// creation order) for the key store.
private final class MemoryResourceStore: ResourceStore {
    private let records = Mutex<[ResourceRecord]>([])

    func insert(_ record: ResourceRecord, tags: [ResourceTag], idempotency: IdempotencyKey?) async throws -> InsertOutcome {
        try records.withLock { all in
            if all.contains(where: { $0.kind == record.kind && ($0.id == record.id || $0.name == record.name) }) {
                throw StoreError.duplicateName(record.name)
            }
            all.append(record)
            return .created(record)
        }
    }

    func insertVersion(
        of parent: ResourceKind, parentId: String, tags: [ResourceTag], idempotency: IdempotencyKey?,
        make: @escaping @Sendable (Int) -> ResourceRecord
    ) async throws -> InsertOutcome {
        throw StoreError.backend("not supported")
    }

    func record(_ key: ResourceKey) async throws -> ResourceRecord? {
        records.withLock { all in
            all.first { r in
                switch key {
                case .id(let kind, let id): r.kind == kind && r.id == id
                case .name(let kind, let name): r.kind == kind && r.name == name
                case .arn(let arn): r.arn == arn
                }
            }
        }
    }

    func list(_ query: ResourceQuery) async throws -> ResourcePage {
        ResourcePage(records: records.withLock { $0.filter { $0.kind == query.kind } }, nextCursor: nil)
    }

    func update(_ record: ResourceRecord) async throws -> ResourceRecord {
        try records.withLock { all in
            guard let i = all.firstIndex(where: { $0.kind == record.kind && $0.id == record.id }) else {
                throw StoreError.notFound(record.kind, record.id)
            }
            all[i] = record
            return record
        }
    }

    func delete(_ kind: ResourceKind, id: String) async throws -> [ResourceRecord] {
        records.withLock { all in
            let gone = all.filter { $0.kind == kind && $0.id == id }
            all.removeAll { $0.kind == kind && $0.id == id }
            return gone
        }
    }
}
