import Foundation

/// Incremental decoder of the AWS event-stream framing (§4.1–4.2), as a value-type state machine.
///
/// Feed byte chunks as they arrive (frames are routinely split across reads) and pull complete
/// messages with `next()`. Every malformed input (bad CRCs, impossible lengths, truncated or
/// duplicate headers, unknown header types, invalid UTF-8) raises an `EventStreamError`; after an
/// error the decoder stays failed, because framing cannot be recovered once a length is untrusted.
public struct EventStreamDecoder: Sendable {
    /// The decoded prelude of the message being assembled.
    struct Prelude: Sendable, Hashable {
        var totalLength: Int
        var headersLength: Int
    }

    enum State: Sendable, Hashable {
        /// Waiting for the 12-byte prelude of the next message.
        case awaitingPrelude
        /// Prelude validated; waiting for `totalLength` bytes.
        case awaitingMessage(Prelude)
        /// A previous error; rethrown by every later call.
        case failed(EventStreamError)
    }

    private(set) var state: State = .awaitingPrelude
    private var buffer: [UInt8] = []
    /// Offset of the first unconsumed byte in `buffer`.
    private var readIndex = 0

    /// A decoder at the start of a stream.
    public init() {}

    /// Bytes received but not yet returned as part of a message.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Appends received bytes.
    public mutating func feed(_ bytes: some Sequence<UInt8>) {
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        } else if readIndex >= 4096, readIndex * 2 >= buffer.count {
            buffer.removeFirst(readIndex)
            readIndex = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete message, or `nil` when more bytes are needed.
    public mutating func next() throws(EventStreamError) -> EventStreamMessage? {
        do {
            return try step()
        } catch {
            state = .failed(error)
            throw error
        }
    }

    /// Declares the end of the stream: throws `truncatedStream` if a partial message is buffered
    /// (and any earlier decoding error).
    public func finish() throws(EventStreamError) {
        if case .failed(let e) = state { throw e }
        if bufferedByteCount > 0 { throw .truncatedStream(bufferedBytes: bufferedByteCount) }
    }

    private mutating func step() throws(EventStreamError) -> EventStreamMessage? {
        let prelude: Prelude
        switch state {
        case .failed(let e):
            throw e
        case .awaitingMessage(let p):
            prelude = p
        case .awaitingPrelude:
            guard bufferedByteCount >= 12 else { return nil }
            let start = readIndex
            prelude = try buffer.withUnsafeBytes { raw in
                Result { () throws(EventStreamError) in
                    try Self.parsePrelude(UnsafeRawBufferPointer(rebasing: raw[start..<start + 12]))
                }
            }.get()
            state = .awaitingMessage(prelude)
        }
        guard bufferedByteCount >= prelude.totalLength else { return nil }
        let start = readIndex
        let message = try buffer.withUnsafeBytes { raw in
            Result { () throws(EventStreamError) in
                try Self.parseMessage(
                    UnsafeRawBufferPointer(rebasing: raw[start..<start + prelude.totalLength]), prelude)
            }
        }.get()
        readIndex += prelude.totalLength
        state = .awaitingPrelude
        return message
    }

    // MARK: - Parsing (pure)

    static func parsePrelude(_ p: UnsafeRawBufferPointer) throws(EventStreamError) -> Prelude {
        let total = p.readBigEndian(UInt32.self, at: 0)
        let headers = p.readBigEndian(UInt32.self, at: 4)
        let expected = p.readBigEndian(UInt32.self, at: 8)
        let computed = CRC32.checksum(UnsafeRawBufferPointer(rebasing: p[0..<8]))
        guard expected == computed else { throw .preludeChecksumMismatch(expected: expected, computed: computed) }
        guard total >= UInt32(EventStreamMessage.overhead) else { throw .messageTooShort(totalLength: total) }
        guard headers <= total - UInt32(EventStreamMessage.overhead) else {
            throw .invalidHeadersLength(headersLength: headers, totalLength: total)
        }
        guard Int(headers) <= EventStreamMessage.maxHeadersLength else { throw .headersTooLong(Int(headers)) }
        let payload = Int(total) - Int(headers) - EventStreamMessage.overhead
        guard payload <= EventStreamMessage.maxPayloadLength else { throw .payloadTooLong(payload) }
        return Prelude(totalLength: Int(total), headersLength: Int(headers))
    }

    static func parseMessage(_ m: UnsafeRawBufferPointer, _ prelude: Prelude) throws(EventStreamError)
        -> EventStreamMessage
    {
        let end = prelude.totalLength - 4
        let expected = m.readBigEndian(UInt32.self, at: end)
        let computed = CRC32.checksum(UnsafeRawBufferPointer(rebasing: m[0..<end]))
        guard expected == computed else { throw .messageChecksumMismatch(expected: expected, computed: computed) }
        let headerEnd = 12 + prelude.headersLength
        let headers = try parseHeaders(UnsafeRawBufferPointer(rebasing: m[12..<headerEnd]))
        return EventStreamMessage(headers: headers, payload: Array(m[headerEnd..<end]))
    }

    /// Parses a headers block (§4.2). Offsets in errors are relative to the block.
    static func parseHeaders(_ h: UnsafeRawBufferPointer) throws(EventStreamError) -> [EventStreamHeader] {
        var headers: [EventStreamHeader] = []
        var names = Set<String>()
        var i = 0
        while i < h.count {
            let recordStart = i
            let nameLength = Int(h[i])
            i += 1
            guard nameLength > 0 else { throw .invalidHeaderName(offset: recordStart) }
            guard i + nameLength + 1 <= h.count else { throw .truncatedHeader(offset: recordStart) }
            guard let name = String(validating: h[i..<i + nameLength], as: UTF8.self) else {
                throw .invalidHeaderName(offset: recordStart)
            }
            i += nameLength
            let type = h[i]
            i += 1
            func need(_ n: Int) throws(EventStreamError) {
                guard i + n <= h.count else { throw .truncatedHeader(offset: recordStart) }
            }
            let value: HeaderValue
            switch type {
            case 0: value = .bool(true)
            case 1: value = .bool(false)
            case 2:
                try need(1)
                value = .byte(Int8(bitPattern: h[i]))
                i += 1
            case 3:
                try need(2)
                value = .short(Int16(bitPattern: h.readBigEndian(UInt16.self, at: i)))
                i += 2
            case 4:
                try need(4)
                value = .integer(Int32(bitPattern: h.readBigEndian(UInt32.self, at: i)))
                i += 4
            case 5, 8:
                try need(8)
                let v = Int64(bitPattern: h.readBigEndian(UInt64.self, at: i))
                value = type == 5 ? .long(v) : .timestamp(milliseconds: v)
                i += 8
            case 6, 7:
                try need(2)
                let n = Int(h.readBigEndian(UInt16.self, at: i))
                i += 2
                try need(n)
                let bytes = h[i..<i + n]
                i += n
                if type == 6 {
                    value = .byteArray(Array(bytes))
                } else {
                    guard let s = String(validating: bytes, as: UTF8.self) else { throw .invalidStringValue(name: name) }
                    value = .string(s)
                }
            case 9:
                try need(16)
                var u = UUID().uuid
                withUnsafeMutableBytes(of: &u) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: h[i..<i + 16])) }
                value = .uuid(UUID(uuid: u))
                i += 16
            default:
                throw .unknownHeaderType(type, name: name)
            }
            guard names.insert(name).inserted else { throw .duplicateHeader(name) }
            headers.append(EventStreamHeader(name: name, value: value))
        }
        return headers
    }
}

extension UnsafeRawBufferPointer {
    @inline(__always)
    func readBigEndian<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        T(bigEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
