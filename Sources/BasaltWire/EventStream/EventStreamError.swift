/// Why an event-stream message could not be decoded or encoded (§4.1–4.2). The decoder raises these
/// for hostile or corrupted input instead of trapping; names follow botocore's `ParserError` family
/// where one exists.
public enum EventStreamError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `total_length` is below the 16-byte fixed overhead.
    case messageTooShort(totalLength: UInt32)
    /// `headers_length` exceeds `total_length - 16`.
    case invalidHeadersLength(headersLength: UInt32, totalLength: UInt32)
    /// Headers longer than the 128 KiB botocore limit (`InvalidHeadersLength`).
    case headersTooLong(Int)
    /// Payload longer than the 24 MiB botocore limit (`InvalidPayloadLength`).
    case payloadTooLong(Int)
    /// The prelude CRC does not match its first 8 bytes (`ChecksumMismatch`).
    case preludeChecksumMismatch(expected: UInt32, computed: UInt32)
    /// The message CRC does not match the preceding bytes (`ChecksumMismatch`).
    case messageChecksumMismatch(expected: UInt32, computed: UInt32)
    /// A header record runs past the end of the headers block; `offset` is relative to the block.
    case truncatedHeader(offset: Int)
    /// A header name is empty, longer than 255 bytes, or not UTF-8.
    case invalidHeaderName(offset: Int)
    /// A header uses a value type byte outside 0…9.
    case unknownHeaderType(UInt8, name: String)
    /// A string header value is not valid UTF-8.
    case invalidStringValue(name: String)
    /// A header name occurs twice in one message (`DuplicateHeader`).
    case duplicateHeader(String)
    /// A string or byte-array header value longer than 65,535 bytes (encoding only).
    case headerValueTooLong(name: String)
    /// The stream ended in the middle of a message.
    case truncatedStream(bufferedBytes: Int)

    public var description: String {
        switch self {
        case .messageTooShort(let t): "Message total length \(t) is below the 16-byte minimum"
        case .invalidHeadersLength(let h, let t): "Headers length \(h) does not fit in message length \(t)"
        case .headersTooLong(let n): "Header length of \(n) exceeded the maximum of \(EventStreamMessage.maxHeadersLength)"
        case .payloadTooLong(let n): "Payload length of \(n) exceeded the maximum of \(EventStreamMessage.maxPayloadLength)"
        case .preludeChecksumMismatch(let e, let c): "Prelude checksum mismatch: expected \(hex(e)), calculated \(hex(c))"
        case .messageChecksumMismatch(let e, let c): "Message checksum mismatch: expected \(hex(e)), calculated \(hex(c))"
        case .truncatedHeader(let o): "Header record at offset \(o) runs past the headers block"
        case .invalidHeaderName(let o): "Invalid header name at offset \(o)"
        case .unknownHeaderType(let t, let n): "Unknown header value type \(t) for header \(n)"
        case .invalidStringValue(let n): "Header \(n) is not valid UTF-8"
        case .duplicateHeader(let n): "Duplicate header present: \(n)"
        case .headerValueTooLong(let n): "Header \(n) value exceeds 65535 bytes"
        case .truncatedStream(let n): "Stream ended inside a message (\(n) bytes buffered)"
        }
    }
}

private func hex(_ v: UInt32) -> String {
    let s = String(v, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - s.count) + s
}
