import BasaltCore
import Foundation

/// One persisted resource: the fields every kind shares, plus its kind-specific attributes as a JSON document
/// (the wire-shaped members the API layer reads and writes). Dates keep millisecond precision, the precision
/// every store implementation must round-trip exactly.
public struct ResourceRecord: Sendable, Hashable {
    /// What the resource is.
    public var kind: ResourceKind
    /// The id, unique within `kind` (for prompt versions `{promptId}:{version}`).
    public var id: String
    /// The owning resource's id (prompt versions), else nil.
    public var parentId: String?
    /// The user-facing name (unique within `kind` when `kind.hasUniqueNames`).
    public var name: String
    /// The full ARN, unique across all resources.
    public var arn: String
    /// Creation time (truncated to milliseconds on every assignment).
    public var createdAt: Date {
        didSet { createdAt = Self.millisecondPrecision(createdAt) }
    }
    /// Last modification time (truncated to milliseconds on every assignment).
    public var updatedAt: Date {
        didSet { updatedAt = Self.millisecondPrecision(updatedAt) }
    }
    /// Kind-specific members (a JSON object).
    public var attributes: JSONValue

    /// Creates a record; dates are truncated to whole milliseconds.
    public init(
        kind: ResourceKind, id: String, parentId: String? = nil, name: String, arn: String,
        createdAt: Date, updatedAt: Date? = nil, attributes: JSONValue = .object(JSONObject())
    ) {
        self.kind = kind
        self.id = id
        self.parentId = parentId
        self.name = name
        self.arn = arn
        self.createdAt = Self.millisecondPrecision(createdAt)
        self.updatedAt = Self.millisecondPrecision(updatedAt ?? createdAt)
        self.attributes = attributes
    }

    /// `date` truncated to a whole millisecond since 1970.
    public static func millisecondPrecision(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds(date)) / 1000)
    }

    /// Milliseconds since 1970 (the stored form of a date).
    public static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }
}
