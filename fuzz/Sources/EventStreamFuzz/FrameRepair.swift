/// Rewrites the CRCs of every frame in a byte string so that the decoder's checksum checks pass and the
/// fuzzer's mutations reach the length checks and the header parser.
///
/// Walks frames by their `total_length`; a frame whose length is below 16 or runs past the end is taken
/// to be the rest of the input (its length field is rewritten). Uses its own bitwise CRC-32, independent
/// of `BasaltWire.CRC32`.
enum FrameRepair {
    static func repair(_ input: [UInt8]) -> [UInt8] {
        var b = input
        var o = 0
        while o + 16 <= b.count {
            var total = Int(be32(b, o))
            if total < 16 || total > b.count - o {
                total = b.count - o
                put32(&b, o, UInt32(total))
            }
            put32(&b, o + 8, crc32(b[o..<o + 8]))
            put32(&b, o + total - 4, crc32(b[o..<o + total - 4]))
            o += total
        }
        return b
    }

    static func be32(_ b: [UInt8], _ o: Int) -> UInt32 {
        UInt32(b[o]) << 24 | UInt32(b[o + 1]) << 16 | UInt32(b[o + 2]) << 8 | UInt32(b[o + 3])
    }

    static func put32(_ b: inout [UInt8], _ o: Int, _ v: UInt32) {
        b[o] = UInt8(v >> 24)
        b[o + 1] = UInt8(truncatingIfNeeded: v >> 16)
        b[o + 2] = UInt8(truncatingIfNeeded: v >> 8)
        b[o + 3] = UInt8(truncatingIfNeeded: v)
    }

    /// Bit-at-a-time CRC-32 (IEEE, reflected 0xEDB88320, init and final xor 0xFFFFFFFF).
    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            c ^= UInt32(byte)
            for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1 }
        }
        return ~c
    }
}
