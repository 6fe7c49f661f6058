/// How a resource is addressed for a single-record read.
public enum ResourceKey: Sendable, Hashable {
    /// By kind and id.
    case id(ResourceKind, String)
    /// By kind and (unique) name.
    case name(ResourceKind, String)
    /// By ARN.
    case arn(String)
}

/// The result of an insert.
public enum InsertOutcome: Sendable, Hashable {
    /// The record was written.
    case created(ResourceRecord)
    /// The idempotency token had already created this record; nothing was written.
    case replayed(ResourceRecord)

    /// The record either way.
    public var record: ResourceRecord {
        switch self {
        case .created(let r), .replayed(let r): r
        }
    }
}

/// Persistent control-plane resources. Every method is atomic: a crash (even `kill -9`) leaves either the whole
/// write or none of it. Implementations: `SQLiteStore` (embedded default); any other must pass the contract suite
/// in `Tests/BasaltStoreTests`.
public protocol ResourceStore: Sendable {
    /// Writes a new record with its initial tags. With an idempotency key already used in the same scope, returns
    /// `.replayed` with the first record (same fingerprint) or throws `idempotencyMismatch`.
    /// Throws `duplicateName` when the kind's names are unique and taken.
    func insert(_ record: ResourceRecord, tags: [ResourceTag], idempotency: IdempotencyKey?) async throws -> InsertOutcome

    /// Writes the next numbered child of `parentId` (1, 2, …, never reused even after deletions), built by `make`
    /// from the number inside the same transaction. Throws `notFound` when the parent is missing.
    func insertVersion(
        of parent: ResourceKind, parentId: String, tags: [ResourceTag], idempotency: IdempotencyKey?,
        make: @escaping @Sendable (Int) -> ResourceRecord
    ) async throws -> InsertOutcome

    /// One record, or nil.
    func record(_ key: ResourceKey) async throws -> ResourceRecord?

    /// A page of records in creation order (see `ResourceQuery`).
    func list(_ query: ResourceQuery) async throws -> ResourcePage

    /// Replaces the record with the same kind and id (its `createdAt` and `arn` are kept). Throws `notFound` or
    /// `duplicateName`. Returns the stored record.
    @discardableResult
    func update(_ record: ResourceRecord) async throws -> ResourceRecord

    /// Deletes the record, its children (`kind.childKinds`) and their tags. Returns the deleted records (the
    /// record first), or an empty array when nothing matched.
    @discardableResult
    func delete(_ kind: ResourceKind, id: String) async throws -> [ResourceRecord]
}

/// Tags of any ARN (resources of this store and catalog-less ARNs alike).
public protocol TagStore: Sendable {
    /// Tags of `arn`, ordered by key.
    func tags(of arn: String) async throws -> [ResourceTag]
    /// Adds or overwrites `set`, then removes `remove`, atomically.
    func updateTags(of arn: String, set: [ResourceTag], remove: [String]) async throws
}

/// Token usage attributed to a resource ARN (application profiles, provisioned models), kept for cost reports.
public protocol UsageLedger: Sendable {
    /// Adds one invocation's tokens to `arn`'s totals.
    func recordUsage(arn: String, inputTokens: Int, outputTokens: Int) async throws
    /// Totals for `arn` (zero when never used).
    func usage(of arn: String) async throws -> UsageTotals
}

/// Accumulated usage of one ARN.
public struct UsageTotals: Sendable, Hashable {
    /// Number of invocations.
    public var invocations: Int
    /// Input tokens.
    public var inputTokens: Int
    /// Output tokens.
    public var outputTokens: Int

    /// Creates totals.
    public init(invocations: Int = 0, inputTokens: Int = 0, outputTokens: Int = 0) {
        self.invocations = invocations
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }
}

/// Everything the control plane persists.
public typealias ControlPlaneStore = ResourceStore & TagStore & UsageLedger
