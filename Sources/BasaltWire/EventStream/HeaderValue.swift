import Foundation

/// A typed header value of the AWS event-stream framing (§4.2). The raw type byte of each case is
/// `typeByte`; booleans have two type bytes (0 = true, 1 = false) and no value bytes.
public enum HeaderValue: Sendable, Hashable {
    /// Type 0 (`true`) or 1 (`false`).
    case bool(Bool)
    /// Type 2: int8.
    case byte(Int8)
    /// Type 3: int16, big-endian.
    case short(Int16)
    /// Type 4: int32, big-endian.
    case integer(Int32)
    /// Type 5: int64, big-endian.
    case long(Int64)
    /// Type 6: uint16 length + raw bytes (at most 65,535).
    case byteArray([UInt8])
    /// Type 7: uint16 length + UTF-8 bytes (at most 65,535).
    case string(String)
    /// Type 8: int64 big-endian milliseconds since the Unix epoch.
    case timestamp(milliseconds: Int64)
    /// Type 9: 16 raw bytes.
    case uuid(UUID)

    /// The wire type byte (§4.2 table).
    public var typeByte: UInt8 {
        switch self {
        case .bool(let b): b ? 0 : 1
        case .byte: 2
        case .short: 3
        case .integer: 4
        case .long: 5
        case .byteArray: 6
        case .string: 7
        case .timestamp: 8
        case .uuid: 9
        }
    }

    /// A timestamp value from a `Date`, truncated to whole milliseconds.
    public static func timestamp(_ date: Date) -> HeaderValue {
        .timestamp(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    /// The string, when this is a string value.
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }

    /// Number of bytes the value occupies on the wire after the type byte.
    var encodedValueLength: Int {
        switch self {
        case .bool: 0
        case .byte: 1
        case .short: 2
        case .integer: 4
        case .long, .timestamp: 8
        case .byteArray(let b): 2 + b.count
        case .string(let s): 2 + s.utf8.count
        case .uuid: 16
        }
    }
}
