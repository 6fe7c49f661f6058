/// One header record of an event-stream message (§4.2): a name of 1…255 UTF-8 bytes and a typed value.
public struct EventStreamHeader: Sendable, Hashable {
    /// The header name, e.g. `:event-type`.
    public var name: String
    /// The typed value.
    public var value: HeaderValue

    /// A header record.
    public init(name: String, value: HeaderValue) {
        self.name = name
        self.value = value
    }

    /// A string-valued header (the type every Bedrock `:`-header uses).
    public static func string(_ name: String, _ value: String) -> EventStreamHeader {
        .init(name: name, value: .string(value))
    }

    /// Bytes this record occupies on the wire.
    var encodedLength: Int { 1 + name.utf8.count + 1 + value.encodedValueLength }
}
