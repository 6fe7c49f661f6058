/// A store failure the API layer maps to a Bedrock error.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable {
        /// No such resource.
        case notFound
        /// Another resource of the kind has this name (→ `ConflictException`).
        case duplicateName
        /// An idempotency token reused with different parameters.
        case idempotencyMismatch
        /// A `nextToken` the store did not issue.
        case invalidCursor
        /// The database failed (I/O, corruption, schema).
        case backend
    }

    /// The kind of failure.
    public var code: Code
    /// Details for logs (not shown to clients verbatim, except the name of a duplicate).
    public var detail: String

    private init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    /// No such resource.
    public static func notFound(_ kind: ResourceKind, _ id: String) -> StoreError { .init(.notFound, "\(kind.rawValue) \(id)") }
    /// Name already taken.
    public static func duplicateName(_ name: String) -> StoreError { .init(.duplicateName, name) }
    /// Token reused with other parameters.
    public static func idempotencyMismatch(_ token: String) -> StoreError { .init(.idempotencyMismatch, token) }
    /// Unknown cursor.
    public static func invalidCursor(_ cursor: String) -> StoreError { .init(.invalidCursor, cursor) }
    /// Database failure.
    public static func backend(_ detail: String) -> StoreError { .init(.backend, detail) }

    public var description: String { "\(code.rawValue): \(detail)" }
}
