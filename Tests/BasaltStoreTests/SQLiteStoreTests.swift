import BasaltCore
import BasaltStore
import BasaltStoreSQLite
import Foundation
import Testing

/// Runs the store contract against SQLite, plus SQLite's own durability checks.
@Suite struct SQLiteStoreTests {
    /// A new directory inside this test process's scratch directory (removed when the process exits).
    static func freshDirectory() -> String {
        let dir = scratch + "/" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static let scratch: String = {
        let path = NSTemporaryDirectory() + "basalt-store-\(getpid())"
        atexit { try? FileManager.default.removeItem(atPath: SQLiteStoreTests.scratch) }
        return path
    }()

    @Test(arguments: StoreContract.all.map(\.0))
    func contract(_ name: String) async throws {
        let check = try #require(StoreContract.all.first { $0.0 == name }?.1)
        let store = try SQLiteStore(directory: Self.freshDirectory())
        try await check(store)
    }

    @Test func survivesReopen() async throws {
        let dir = Self.freshDirectory()
        do {
            let store = try SQLiteStore(directory: dir)
            _ = try await store.insert(StoreContract.profile("aaaaaaaaaaaa"), tags: [ResourceTag(key: "k", value: "v")], idempotency: nil)
        }
        let reopened = try SQLiteStore(directory: dir)
        #expect(try await reopened.record(.id(.applicationProfile, "aaaaaaaaaaaa")) == StoreContract.profile("aaaaaaaaaaaa"))
        #expect(try await reopened.tags(of: StoreContract.profile("aaaaaaaaaaaa").arn) == [ResourceTag(key: "k", value: "v")])
    }

    @Test func usesWriteAheadLog() async throws {
        let dir = Self.freshDirectory()
        let store = try SQLiteStore(directory: dir)
        _ = try await store.list(ResourceQuery(kind: .prompt))
        #expect(FileManager.default.fileExists(atPath: dir + "/basalt.sqlite-wal"))
        withExtendedLifetime(store) {}
    }
}
