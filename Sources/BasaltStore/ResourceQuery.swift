/// Which records a `list` call returns and how many: resources of one kind (optionally the children of one
/// parent, optionally with a name filter) in creation order, a page at a time.
public struct ResourceQuery: Sendable, Hashable {
    /// The kind to list.
    public var kind: ResourceKind
    /// Only children of this parent (prompt versions of one prompt); nil lists every record of the kind.
    public var parentId: String?
    /// Only names containing this text (case-insensitive ASCII).
    public var nameContains: String?
    /// Newest first instead of oldest first.
    public var newestFirst: Bool
    /// Page size (at least 1).
    public var limit: Int
    /// The `nextCursor` of the previous page, or nil for the first page.
    public var cursor: String?

    /// Creates a query.
    public init(
        kind: ResourceKind, parentId: String? = nil, nameContains: String? = nil, newestFirst: Bool = false,
        limit: Int = 100, cursor: String? = nil
    ) {
        self.kind = kind
        self.parentId = parentId
        self.nameContains = nameContains
        self.newestFirst = newestFirst
        self.limit = max(1, limit)
        self.cursor = cursor
    }
}

/// One page of a `list` call.
public struct ResourcePage: Sendable, Hashable {
    /// The records of this page.
    public var records: [ResourceRecord]
    /// Opaque cursor of the next page; nil on the last page.
    public var nextCursor: String?

    /// Creates a page.
    public init(records: [ResourceRecord], nextCursor: String?) {
        self.records = records
        self.nextCursor = nextCursor
    }
}
