import BasaltCore
import BasaltStore
import Foundation
import Testing

/// The behaviour every `ControlPlaneStore` implementation must have. A new implementation adds one test file that
/// calls each check with a fresh, empty store (see `SQLiteStoreTests`).
enum StoreContract {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000.123_456)

    static func profile(_ id: String, name: String? = nil, at offset: Double = 0) -> ResourceRecord {
        ResourceRecord(
            kind: .applicationProfile, id: id, name: name ?? "profile-\(id)",
            arn: "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/\(id)",
            createdAt: t0.addingTimeInterval(offset), attributes: ["models": ["arn:a", "arn:b"], "n": 1.5])
    }

    static func prompt(_ id: String) -> ResourceRecord {
        ResourceRecord(
            kind: .prompt, id: id, name: "prompt-\(id)", arn: "arn:aws:bedrock:us-east-1:123456789012:prompt/\(id)",
            createdAt: t0, attributes: ["variants": []])
    }

    static func insertThenRead(_ store: any ControlPlaneStore) async throws {
        let record = profile("aaaaaaaaaaaa")
        let outcome = try await store.insert(record, tags: [], idempotency: nil)
        #expect(outcome == .created(record))
        #expect(try await store.record(.id(.applicationProfile, "aaaaaaaaaaaa")) == record)
        #expect(try await store.record(.name(.applicationProfile, record.name)) == record)
        #expect(try await store.record(.arn(record.arn)) == record)
        #expect(try await store.record(.id(.applicationProfile, "missing")) == nil)
        #expect(try await store.record(.id(.prompt, "aaaaaaaaaaaa")) == nil)
        // Millisecond precision is kept exactly.
        let read = try await store.record(.arn(record.arn))
        #expect(read.map { ResourceRecord.milliseconds($0.createdAt) } == 1_700_000_000_123)
    }

    static func duplicateNamesAreRefused(_ store: any ControlPlaneStore) async throws {
        _ = try await store.insert(profile("aaaaaaaaaaaa", name: "same"), tags: [], idempotency: nil)
        await #expect(throws: StoreError.duplicateName("same")) {
            _ = try await store.insert(profile("bbbbbbbbbbbb", name: "same"), tags: [], idempotency: nil)
        }
        // Nothing half-written: the second id does not exist, and its ARN is free.
        #expect(try await store.record(.id(.applicationProfile, "bbbbbbbbbbbb")) == nil)
        // Same name in another kind is fine.
        var p = prompt("P000000001")
        p.name = "same"
        _ = try await store.insert(p, tags: [], idempotency: nil)
    }

    static func idempotency(_ store: any ControlPlaneStore) async throws {
        let key = IdempotencyKey(scope: "CreateInferenceProfile", token: "tok-1", fingerprint: "f1")
        let first = try await store.insert(profile("aaaaaaaaaaaa"), tags: [ResourceTag(key: "k", value: "v")], idempotency: key)
        #expect(first == .created(profile("aaaaaaaaaaaa")))
        // Replay with another generated id: the first record comes back and nothing new is written.
        let again = try await store.insert(profile("bbbbbbbbbbbb"), tags: [], idempotency: key)
        #expect(again == .replayed(profile("aaaaaaaaaaaa")))
        #expect(try await store.record(.id(.applicationProfile, "bbbbbbbbbbbb")) == nil)
        // Different parameters with the same token.
        let other = IdempotencyKey(scope: "CreateInferenceProfile", token: "tok-1", fingerprint: "f2")
        await #expect(throws: StoreError.idempotencyMismatch("tok-1")) {
            _ = try await store.insert(profile("cccccccccccc"), tags: [], idempotency: other)
        }
        // Tokens are scoped per operation.
        let scoped = IdempotencyKey(scope: "CreatePrompt", token: "tok-1", fingerprint: "f9")
        #expect(try await store.insert(prompt("P000000001"), tags: [], idempotency: scoped) == .created(prompt("P000000001")))
    }

    static func pagination(_ store: any ControlPlaneStore) async throws {
        var ids: [String] = []
        for i in 0..<7 {
            let id = String(format: "p%011d", i)
            ids.append(id)
            _ = try await store.insert(profile(id, at: Double(i)), tags: [], idempotency: nil)
        }
        _ = try await store.insert(prompt("P000000001"), tags: [], idempotency: nil)
        var seen: [String] = []
        var cursor: String?
        var pages = 0
        repeat {
            let page = try await store.list(ResourceQuery(kind: .applicationProfile, limit: 3, cursor: cursor))
            seen += page.records.map(\.id)
            cursor = page.nextCursor
            pages += 1
        } while cursor != nil && pages < 10
        #expect(seen == ids)
        #expect(pages == 3)
        let newest = try await store.list(ResourceQuery(kind: .applicationProfile, newestFirst: true, limit: 2))
        #expect(newest.records.map(\.id) == [ids[6], ids[5]])
        let filtered = try await store.list(ResourceQuery(kind: .applicationProfile, nameContains: "PROFILE-P0000000000"))
        #expect(filtered.records.count == 7)
        let one = try await store.list(ResourceQuery(kind: .applicationProfile, nameContains: "0003"))
        #expect(one.records.map(\.id) == [ids[3]])
        await #expect(throws: StoreError.self) {
            _ = try await store.list(ResourceQuery(kind: .applicationProfile, cursor: "not-a-cursor"))
        }
    }

    static func versionsNumberAndCascade(_ store: any ControlPlaneStore) async throws {
        let parent = prompt("P000000001")
        _ = try await store.insert(parent, tags: [], idempotency: nil)
        let make: @Sendable (Int) -> ResourceRecord = { n in
            ResourceRecord(
                kind: .promptVersion, id: "P000000001:\(n)", parentId: "P000000001", name: parent.name,
                arn: parent.arn + ":\(n)", createdAt: t0, attributes: ["version": .string("\(n)")])
        }
        let v1 = try await store.insertVersion(of: .prompt, parentId: "P000000001", tags: [], idempotency: nil, make: make)
        let v2 = try await store.insertVersion(
            of: .prompt, parentId: "P000000001", tags: [ResourceTag(key: "a", value: "b")], idempotency: nil, make: make)
        #expect(v1.record.id == "P000000001:1")
        #expect(v2.record.id == "P000000001:2")
        // Deleting a version never frees its number.
        #expect(try await store.delete(.promptVersion, id: "P000000001:2").map(\.id) == ["P000000001:2"])
        let v3 = try await store.insertVersion(of: .prompt, parentId: "P000000001", tags: [], idempotency: nil, make: make)
        #expect(v3.record.id == "P000000001:3")
        let versions = try await store.list(ResourceQuery(kind: .promptVersion, parentId: "P000000001"))
        #expect(versions.records.map(\.id) == ["P000000001:1", "P000000001:3"])
        await #expect(throws: StoreError.notFound(.prompt, "P000000009")) {
            _ = try await store.insertVersion(of: .prompt, parentId: "P000000009", tags: [], idempotency: nil, make: make)
        }
        // Deleting the prompt deletes its versions and their tags.
        try await store.updateTags(of: v3.record.arn, set: [ResourceTag(key: "x", value: "y")], remove: [])
        let deleted = try await store.delete(.prompt, id: "P000000001")
        #expect(deleted.map(\.id) == ["P000000001", "P000000001:1", "P000000001:3"])
        #expect(try await store.list(ResourceQuery(kind: .promptVersion)).records.isEmpty)
        #expect(try await store.tags(of: v3.record.arn).isEmpty)
        #expect(try await store.delete(.prompt, id: "P000000001").isEmpty)
    }

    static func updateKeepsIdentity(_ store: any ControlPlaneStore) async throws {
        let original = profile("aaaaaaaaaaaa", name: "one")
        _ = try await store.insert(original, tags: [], idempotency: nil)
        _ = try await store.insert(profile("bbbbbbbbbbbb", name: "two"), tags: [], idempotency: nil)
        var changed = original
        changed.name = "renamed"
        changed.arn = "arn:ignored"
        changed.createdAt = Date(timeIntervalSince1970: 0)
        changed.updatedAt = t0.addingTimeInterval(60)
        changed.attributes = ["description": "new"]
        let stored = try await store.update(changed)
        #expect(stored.arn == original.arn)
        #expect(stored.createdAt == original.createdAt)
        #expect(try await store.record(.id(.applicationProfile, "aaaaaaaaaaaa")) == stored)
        #expect(stored.attributes == ["description": "new"])
        var clash = stored
        clash.name = "two"
        await #expect(throws: StoreError.duplicateName("two")) { try await store.update(clash) }
        var missing = original
        missing.id = "zzzzzzzzzzzz"
        await #expect(throws: StoreError.notFound(.applicationProfile, "zzzzzzzzzzzz")) { try await store.update(missing) }
    }

    static func tags(_ store: any ControlPlaneStore) async throws {
        let record = profile("aaaaaaaaaaaa")
        _ = try await store.insert(record, tags: [ResourceTag(key: "b", value: "2"), ResourceTag(key: "a", value: "1")], idempotency: nil)
        #expect(try await store.tags(of: record.arn) == [ResourceTag(key: "a", value: "1"), ResourceTag(key: "b", value: "2")])
        try await store.updateTags(of: record.arn, set: [ResourceTag(key: "a", value: "9"), ResourceTag(key: "c", value: "3")], remove: ["b", "nope"])
        #expect(try await store.tags(of: record.arn) == [ResourceTag(key: "a", value: "9"), ResourceTag(key: "c", value: "3")])
        #expect(try await store.tags(of: "arn:other").isEmpty)
        _ = try await store.delete(.applicationProfile, id: "aaaaaaaaaaaa")
        #expect(try await store.tags(of: record.arn).isEmpty)
    }

    static func usage(_ store: any ControlPlaneStore) async throws {
        #expect(try await store.usage(of: "arn:x") == UsageTotals())
        try await store.recordUsage(arn: "arn:x", inputTokens: 10, outputTokens: 3)
        try await store.recordUsage(arn: "arn:x", inputTokens: 5, outputTokens: 1)
        #expect(try await store.usage(of: "arn:x") == UsageTotals(invocations: 2, inputTokens: 15, outputTokens: 4))
    }

    static func concurrentInsertsAllLand(_ store: any ControlPlaneStore) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<40 {
                group.addTask { _ = try await store.insert(profile(String(format: "c%011d", i)), tags: [], idempotency: nil) }
            }
            try await group.waitForAll()
        }
        let page = try await store.list(ResourceQuery(kind: .applicationProfile, limit: 1000))
        #expect(Set(page.records.map(\.id)).count == 40)
    }

    /// Every check, by name, for implementations to run one by one.
    static let all: [(String, @Sendable (any ControlPlaneStore) async throws -> Void)] = [
        ("insertThenRead", insertThenRead), ("duplicateNamesAreRefused", duplicateNamesAreRefused),
        ("idempotency", idempotency), ("pagination", pagination), ("versionsNumberAndCascade", versionsNumberAndCascade),
        ("updateKeepsIdentity", updateKeepsIdentity), ("tags", tags), ("usage", usage),
        ("concurrentInsertsAllLand", concurrentInsertsAllLand),
    ]
}
