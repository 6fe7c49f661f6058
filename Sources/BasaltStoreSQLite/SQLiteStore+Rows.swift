import BasaltCore
import BasaltStore
import Foundation
import GRDB

extension SQLiteStore {
    /// The schema, one migration per released change. Never edit a released migration; add a new one.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE resource (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        kind TEXT NOT NULL,
                        id TEXT NOT NULL,
                        parent_id TEXT,
                        name TEXT NOT NULL,
                        name_key TEXT,
                        arn TEXT NOT NULL UNIQUE,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        attributes TEXT NOT NULL,
                        UNIQUE(kind, id),
                        UNIQUE(kind, name_key)
                    );
                    CREATE INDEX resource_parent ON resource(kind, parent_id, seq);
                    CREATE TABLE tag (
                        arn TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY(arn, key)
                    ) WITHOUT ROWID;
                    CREATE TABLE idempotency (
                        scope TEXT NOT NULL, token TEXT NOT NULL, fingerprint TEXT NOT NULL,
                        kind TEXT NOT NULL, resource_id TEXT NOT NULL, PRIMARY KEY(scope, token)
                    ) WITHOUT ROWID;
                    CREATE TABLE version_counter (
                        kind TEXT NOT NULL, parent_id TEXT NOT NULL, last INTEGER NOT NULL, PRIMARY KEY(kind, parent_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE usage (
                        arn TEXT PRIMARY KEY, invocations INTEGER NOT NULL,
                        input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        return m
    }

    static func row(_ db: Database, _ key: ResourceKey) throws -> ResourceRecord? {
        let row: Row?
        switch key {
        case .id(let kind, let id):
            row = try Row.fetchOne(db, sql: "SELECT * FROM resource WHERE kind = ? AND id = ?", arguments: [kind.rawValue, id])
        case .name(let kind, let name):
            row = try Row.fetchOne(
                db, sql: "SELECT * FROM resource WHERE kind = ? AND name = ? ORDER BY seq LIMIT 1",
                arguments: [kind.rawValue, name])
        case .arn(let arn):
            row = try Row.fetchOne(db, sql: "SELECT * FROM resource WHERE arn = ?", arguments: [arn])
        }
        return try row.map(decodeRow)
    }

    static func insertRow(_ db: Database, _ r: ResourceRecord) throws {
        if r.kind.hasUniqueNames, try row(db, .name(r.kind, r.name)) != nil { throw StoreError.duplicateName(r.name) }
        try db.execute(
            sql: """
                INSERT INTO resource(kind, id, parent_id, name, name_key, arn, created_at, updated_at, attributes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                r.kind.rawValue, r.id, r.parentId, r.name, r.kind.hasUniqueNames ? r.name : nil, r.arn,
                ResourceRecord.milliseconds(r.createdAt), ResourceRecord.milliseconds(r.updatedAt),
                r.attributes.serialized(),
            ])
    }

    static func decodeRow(_ row: Row) throws -> ResourceRecord {
        let kindText: String = row["kind"]
        guard let kind = ResourceKind(rawValue: kindText) else { throw StoreError.backend("unknown kind \(kindText)") }
        let text: String = row["attributes"]
        let attributes: JSONValue
        do { attributes = try JSONValue.parse(text) } catch { throw StoreError.backend("bad attributes: \(error)") }
        let created: Int64 = row["created_at"], updated: Int64 = row["updated_at"]
        return ResourceRecord(
            kind: kind, id: row["id"], parentId: row["parent_id"], name: row["name"], arn: row["arn"],
            createdAt: Date(timeIntervalSince1970: Double(created) / 1000),
            updatedAt: Date(timeIntervalSince1970: Double(updated) / 1000), attributes: attributes)
    }

    static func setTags(_ db: Database, arn: String, _ tags: [ResourceTag]) throws {
        for tag in tags {
            try db.execute(
                sql: "INSERT INTO tag(arn, key, value) VALUES (?, ?, ?) ON CONFLICT(arn, key) DO UPDATE SET value = excluded.value",
                arguments: [arn, tag.key, tag.value])
        }
    }

    /// The record an earlier call with this token created, or nil when the token is new (or its record is gone).
    static func replay(_ db: Database, _ key: IdempotencyKey) throws -> ResourceRecord? {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT * FROM idempotency WHERE scope = ? AND token = ?", arguments: [key.scope, key.token])
        else { return nil }
        let fingerprint: String = row["fingerprint"]
        guard fingerprint == key.fingerprint else { throw StoreError.idempotencyMismatch(key.token) }
        let kindText: String = row["kind"]
        guard let kind = ResourceKind(rawValue: kindText) else { return nil }
        return try self.row(db, .id(kind, row["resource_id"]))
    }

    static func remember(_ db: Database, _ key: IdempotencyKey, _ record: ResourceRecord) throws {
        try db.execute(
            sql: """
                INSERT INTO idempotency(scope, token, fingerprint, kind, resource_id) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(scope, token) DO UPDATE SET fingerprint = excluded.fingerprint, kind = excluded.kind,
                    resource_id = excluded.resource_id
                """,
            arguments: [key.scope, key.token, key.fingerprint, record.kind.rawValue, record.id])
    }

    static func encodeCursor(_ seq: Int64) -> String {
        Data("seq:\(seq)".utf8).base64EncodedString()
    }

    static func decodeCursor(_ cursor: String) -> Int64? {
        guard let data = Data(base64Encoded: cursor), let text = String(data: data, encoding: .utf8),
            text.hasPrefix("seq:")
        else { return nil }
        return Int64(text.dropFirst(4))
    }
}
