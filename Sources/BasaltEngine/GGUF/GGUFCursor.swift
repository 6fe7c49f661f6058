/// Bounds-checked little-endian reader over the mapped header bytes.
struct GGUFCursor {
    let base: UnsafeRawPointer
    let size: Int
    var offset: Int = 0

    init(base: UnsafeRawPointer, size: Int) {
        self.base = base
        self.size = size
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type) throws(GGUFError) -> T {
        let n = MemoryLayout<T>.size
        guard offset + n <= size else { throw .truncated(at: offset) }
        let v = base.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += n
        return T(littleEndian: v)
    }

    mutating func readFloat() throws(GGUFError) -> Float { Float(bitPattern: try read(UInt32.self)) }
    mutating func readDouble() throws(GGUFError) -> Double { Double(bitPattern: try read(UInt64.self)) }

    mutating func readCount() throws(GGUFError) -> Int {
        let v = try read(UInt64.self)
        guard v <= UInt64(size) else { throw .truncated(at: offset) }
        return Int(v)
    }

    mutating func readString() throws(GGUFError) -> String {
        let n = try readCount()
        guard offset + n <= size else { throw .truncated(at: offset) }
        let bytes = UnsafeRawBufferPointer(start: base + offset, count: n)
        offset += n
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func readValue(type raw: UInt32, key: String) throws(GGUFError) -> GGUFValue {
        switch raw {
        case 0: return .uint8(try read(UInt8.self))
        case 1: return .int8(try read(Int8.self))
        case 2: return .uint16(try read(UInt16.self))
        case 3: return .int16(try read(Int16.self))
        case 4: return .uint32(try read(UInt32.self))
        case 5: return .int32(try read(Int32.self))
        case 6: return .float32(try readFloat())
        case 7: return .bool(try read(UInt8.self) != 0)
        case 8: return .string(try readString())
        case 9:
            let elementType = try read(UInt32.self)
            let count = try readCount()
            var values: [GGUFValue] = []
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(try readValue(type: elementType, key: key)) }
            return .array(values)
        case 10: return .uint64(try read(UInt64.self))
        case 11: return .int64(try read(Int64.self))
        case 12: return .float64(try readDouble())
        default: throw .invalidValueType(raw, key: key)
        }
    }
}
