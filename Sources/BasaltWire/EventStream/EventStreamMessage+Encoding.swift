import Foundation

extension EventStreamMessage {
    /// Checks what `encode()` assumes: header names of 1…255 bytes and unique, string/byte-array
    /// values ≤ 65,535 bytes, headers ≤ 128 KiB and payload ≤ 24 MiB (botocore's limits).
    public func validate() throws(EventStreamError) {
        var seen = Set<String>()
        var offset = 0
        for h in headers {
            let n = h.name.utf8.count
            guard n >= 1, n <= 255 else { throw .invalidHeaderName(offset: offset) }
            guard seen.insert(h.name).inserted else { throw .duplicateHeader(h.name) }
            switch h.value {
            case .string(let s) where s.utf8.count > 65_535: throw .headerValueTooLong(name: h.name)
            case .byteArray(let b) where b.count > 65_535: throw .headerValueTooLong(name: h.name)
            default: break
            }
            offset += h.encodedLength
        }
        guard offset <= Self.maxHeadersLength else { throw .headersTooLong(offset) }
        guard payload.count <= Self.maxPayloadLength else { throw .payloadTooLong(payload.count) }
    }

    /// The framed message (§4.1): total length, headers length, prelude CRC, header records,
    /// payload, message CRC. Precondition: `validate()` would succeed (the Bedrock constructors always do).
    public func encode() -> [UInt8] {
        var out: [UInt8] = []
        encode(into: &out)
        return out
    }

    /// Appends the framed message to `out` (lets a writer batch several frames into one buffer).
    public func encode(into out: inout [UInt8]) {
        let headersLength = headers.reduce(0) { $0 + $1.encodedLength }
        let total = Self.overhead + headersLength + payload.count
        precondition(total <= Int(UInt32.max), "event-stream message too large")
        let start = out.count
        if out.capacity < start + total {
            // Geometric growth: an exact reservation would reallocate on every appended frame.
            out.reserveCapacity(max(start + total, 2 * out.capacity))
        }
        out.appendBigEndian(UInt32(total))
        out.appendBigEndian(UInt32(headersLength))
        let preludeCRC = out.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[start..<start + 8])) }
        out.appendBigEndian(preludeCRC)
        for h in headers { h.encode(into: &out) }
        out.append(contentsOf: payload)
        let messageCRC = out.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        out.appendBigEndian(messageCRC)
    }
}

extension EventStreamHeader {
    func encode(into out: inout [UInt8]) {
        let name = Array(name.utf8)
        precondition(!name.isEmpty && name.count <= 255, "event-stream header name must be 1...255 bytes")
        out.append(UInt8(name.count))
        out.append(contentsOf: name)
        out.append(value.typeByte)
        switch value {
        case .bool: break
        case .byte(let v): out.append(UInt8(bitPattern: v))
        case .short(let v): out.appendBigEndian(UInt16(bitPattern: v))
        case .integer(let v): out.appendBigEndian(UInt32(bitPattern: v))
        case .long(let v), .timestamp(milliseconds: let v): out.appendBigEndian(UInt64(bitPattern: v))
        case .byteArray(let b):
            precondition(b.count <= 65_535, "event-stream byte-array header longer than 65535 bytes")
            out.appendBigEndian(UInt16(b.count))
            out.append(contentsOf: b)
        case .string(let s):
            let u = Array(s.utf8)
            precondition(u.count <= 65_535, "event-stream string header longer than 65535 bytes")
            out.appendBigEndian(UInt16(u.count))
            out.append(contentsOf: u)
        case .uuid(let id):
            Swift.withUnsafeBytes(of: id.uuid) { out.append(contentsOf: $0) }
        }
    }
}

extension Array where Element == UInt8 {
    @inline(__always)
    mutating func appendBigEndian<T: FixedWidthInteger>(_ v: T) {
        Swift.withUnsafeBytes(of: v.bigEndian) { append(contentsOf: $0) }
    }
}
