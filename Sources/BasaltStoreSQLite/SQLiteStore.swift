import BasaltCore
import BasaltStore
import Foundation
import GRDB

/// The embedded store: one SQLite file in WAL mode (`DatabasePool`, one writer, concurrent readers). Every
/// operation is one transaction, so a crash or `kill -9` mid-write leaves the file at the last committed state.
public final class SQLiteStore: ControlPlaneStore {
    let pool: DatabasePool

    /// Opens (creating and migrating when needed) the database at `path`.
    public init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.label = "basalt-store"
        config.prepareDatabase { db in
            // WAL is set by DatabasePool; FULL makes each commit durable across power loss, not just kill -9.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try Self.migrator.migrate(pool)
        } catch {
            throw StoreError.backend("cannot open \(path): \(error)")
        }
    }

    /// Opens `basalt.sqlite` inside `directory`, creating the directory if needed.
    public convenience init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try self.init(path: (directory as NSString).appendingPathComponent("basalt.sqlite"))
    }

    /// Runs a write transaction, turning database errors into `StoreError.backend`.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await pool.write(body) } catch let e as StoreError { throw e } catch {
            throw StoreError.backend("\(error)")
        }
    }

    /// Runs a read, turning database errors into `StoreError.backend`.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await pool.read(body) } catch let e as StoreError { throw e } catch {
            throw StoreError.backend("\(error)")
        }
    }

    // MARK: - ResourceStore

    public func insert(_ record: ResourceRecord, tags: [ResourceTag], idempotency: IdempotencyKey?) async throws
        -> InsertOutcome
    {
        try await write { db in
            if let idempotency, let replay = try Self.replay(db, idempotency) { return .replayed(replay) }
            try Self.insertRow(db, record)
            try Self.setTags(db, arn: record.arn, tags)
            if let idempotency { try Self.remember(db, idempotency, record) }
            return .created(record)
        }
    }

    public func insertVersion(
        of parent: ResourceKind, parentId: String, tags: [ResourceTag], idempotency: IdempotencyKey?,
        make: @escaping @Sendable (Int) -> ResourceRecord
    ) async throws -> InsertOutcome {
        try await write { db in
            if let idempotency, let replay = try Self.replay(db, idempotency) { return .replayed(replay) }
            guard try Self.row(db, .id(parent, parentId)) != nil else { throw StoreError.notFound(parent, parentId) }
            let last = try Int.fetchOne(
                db, sql: "SELECT last FROM version_counter WHERE kind = ? AND parent_id = ?",
                arguments: [parent.rawValue, parentId]) ?? 0
            let record = make(last + 1)
            try db.execute(
                sql: """
                    INSERT INTO version_counter(kind, parent_id, last) VALUES (?, ?, ?)
                    ON CONFLICT(kind, parent_id) DO UPDATE SET last = excluded.last
                    """,
                arguments: [parent.rawValue, parentId, last + 1])
            try Self.insertRow(db, record)
            try Self.setTags(db, arn: record.arn, tags)
            if let idempotency { try Self.remember(db, idempotency, record) }
            return .created(record)
        }
    }

    public func record(_ key: ResourceKey) async throws -> ResourceRecord? {
        try await read { db in try Self.row(db, key) }
    }

    public func list(_ query: ResourceQuery) async throws -> ResourcePage {
        let after: Int64? = try query.cursor.map { cursor in
            guard let seq = Self.decodeCursor(cursor) else { throw StoreError.invalidCursor(cursor) }
            return seq
        }
        return try await read { db in
            var sql = "SELECT * FROM resource WHERE kind = ?"
            var args: [any DatabaseValueConvertible] = [query.kind.rawValue]
            if let parent = query.parentId {
                sql += " AND parent_id = ?"
                args.append(parent)
            }
            if let text = query.nameContains {
                sql += " AND instr(lower(name), lower(?)) > 0"
                args.append(text)
            }
            if let after {
                sql += query.newestFirst ? " AND seq < ?" : " AND seq > ?"
                args.append(after)
            }
            sql += " ORDER BY seq \(query.newestFirst ? "DESC" : "ASC") LIMIT ?"
            args.append(query.limit + 1)
            let rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args))
            let page = rows.prefix(query.limit)
            let next: String? = rows.count > query.limit ? page.last.map { Self.encodeCursor($0["seq"]) } : nil
            return ResourcePage(records: try page.map(Self.decodeRow), nextCursor: next)
        }
    }

    @discardableResult
    public func update(_ record: ResourceRecord) async throws -> ResourceRecord {
        try await write { db in
            guard let existing = try Self.row(db, .id(record.kind, record.id)) else {
                throw StoreError.notFound(record.kind, record.id)
            }
            var stored = record
            stored.arn = existing.arn
            stored.createdAt = existing.createdAt
            if record.kind.hasUniqueNames, record.name != existing.name,
                try Self.row(db, .name(record.kind, record.name)) != nil
            {
                throw StoreError.duplicateName(record.name)
            }
            try db.execute(
                sql: """
                    UPDATE resource SET name = ?, name_key = ?, parent_id = ?, updated_at = ?, attributes = ?
                    WHERE kind = ? AND id = ?
                    """,
                arguments: [
                    stored.name, record.kind.hasUniqueNames ? stored.name : nil, stored.parentId,
                    ResourceRecord.milliseconds(stored.updatedAt), stored.attributes.serialized(),
                    stored.kind.rawValue, stored.id,
                ])
            return stored
        }
    }

    @discardableResult
    public func delete(_ kind: ResourceKind, id: String) async throws -> [ResourceRecord] {
        try await write { db in
            guard let record = try Self.row(db, .id(kind, id)) else { return [] }
            var deleted = [record]
            for child in kind.childKinds {
                let rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM resource WHERE kind = ? AND parent_id = ? ORDER BY seq",
                    arguments: [child.rawValue, id])
                deleted += try rows.map(Self.decodeRow)
                try db.execute(
                    sql: "DELETE FROM resource WHERE kind = ? AND parent_id = ?", arguments: [child.rawValue, id])
                try db.execute(
                    sql: "DELETE FROM version_counter WHERE kind = ? AND parent_id = ?", arguments: [kind.rawValue, id])
            }
            try db.execute(sql: "DELETE FROM resource WHERE kind = ? AND id = ?", arguments: [kind.rawValue, id])
            for r in deleted {
                try db.execute(sql: "DELETE FROM tag WHERE arn = ?", arguments: [r.arn])
            }
            return deleted
        }
    }

    // MARK: - TagStore

    public func tags(of arn: String) async throws -> [ResourceTag] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT key, value FROM tag WHERE arn = ? ORDER BY key", arguments: [arn])
                .map { ResourceTag(key: $0["key"], value: $0["value"]) }
        }
    }

    public func updateTags(of arn: String, set: [ResourceTag], remove: [String]) async throws {
        try await write { db in
            try Self.setTags(db, arn: arn, set)
            for key in remove {
                try db.execute(sql: "DELETE FROM tag WHERE arn = ? AND key = ?", arguments: [arn, key])
            }
        }
    }

    // MARK: - UsageLedger

    public func recordUsage(arn: String, inputTokens: Int, outputTokens: Int) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO usage(arn, invocations, input_tokens, output_tokens) VALUES (?, 1, ?, ?)
                    ON CONFLICT(arn) DO UPDATE SET invocations = invocations + 1,
                        input_tokens = input_tokens + excluded.input_tokens,
                        output_tokens = output_tokens + excluded.output_tokens
                    """,
                arguments: [arn, inputTokens, outputTokens])
        }
    }

    public func usage(of arn: String) async throws -> UsageTotals {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM usage WHERE arn = ?", arguments: [arn]) else {
                return UsageTotals()
            }
            return UsageTotals(invocations: row["invocations"], inputTokens: row["input_tokens"], outputTokens: row["output_tokens"])
        }
    }
}
