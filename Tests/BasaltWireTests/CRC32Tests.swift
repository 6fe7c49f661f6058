import Testing
@testable import BasaltWire

/// Bit-at-a-time CRC-32 straight from the definition, as an independent reference.
private func referenceCRC32(_ data: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for b in data {
        crc ^= UInt32(b)
        for _ in 0..<8 { crc = (crc & 1) == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
}

@Suite struct CRC32Tests {
    @Test func standardCheckValue() {
        // The CRC-32/ISO-HDLC catalogue check value for "123456789".
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test func matchesBitwiseReferenceForAllLengthsAndAlignments() {
        var rng = SystemRandomNumberGenerator()
        let data = (0..<300).map { _ in UInt8.random(in: 0...255, using: &rng) }
        for start in 0..<9 {
            for end in stride(from: start, through: data.count, by: 7) {
                let slice = Array(data[start..<end])
                #expect(CRC32.checksum(data[start..<end]) == referenceCRC32(slice))
            }
        }
    }

    @Test func incrementalAndSeededUpdatesAgree() {
        let a = Array("00000094 00000057".utf8)
        let b = Array("payload bytes that follow".utf8)
        var c = CRC32()
        c.update(a)
        c.update(b)
        #expect(c.value == CRC32.checksum(a + b))
        // zlib/botocore convention: crc32(b, seed=crc32(a)) == crc32(a + b).
        var seeded = CRC32(seed: CRC32.checksum(a))
        seeded.update(b)
        #expect(seeded.value == CRC32.checksum(a + b))
    }

    @Test func nonContiguousSequence() {
        let data = Array("hello, event stream".utf8)
        #expect(CRC32.checksum(data.lazy.map { $0 }) == referenceCRC32(data))
    }
}
