import Testing
@testable import BasaltWire

/// Builds a frame from raw parts with correct CRCs, so tests can lie about lengths or headers.
func rawFrame(total: UInt32? = nil, headersLength: UInt32? = nil, headers: [UInt8], payload: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    let t = total ?? UInt32(16 + headers.count + payload.count)
    out.appendBigEndian(t)
    out.appendBigEndian(headersLength ?? UInt32(headers.count))
    out.appendBigEndian(CRC32.checksum(out))
    out += headers + payload
    out.appendBigEndian(CRC32.checksum(out))
    return out
}

private func decodeAll(_ bytes: [UInt8]) throws(EventStreamError) -> [EventStreamMessage] {
    var d = EventStreamDecoder()
    d.feed(bytes)
    var out: [EventStreamMessage] = []
    while let m = try d.next() { out.append(m) }
    try d.finish()
    return out
}

@Suite struct DecoderErrorTests {
    let good = KnownFrames.contentBlockDelta

    @Test func corruptedPreludeCRC() {
        var bad = good
        bad[9] ^= 0x01
        #expect(throws: EventStreamError.preludeChecksumMismatch(expected: 0xB4AA_9AEE, computed: 0xB4AB_9AEE)) {
            try decodeAll(bad)
        }
        var badLength = good
        badLength[3] ^= 0x01  // total length changes, its CRC no longer matches
        #expect {
            try decodeAll(badLength)
        } throws: { ($0 as? EventStreamError).map { if case .preludeChecksumMismatch = $0 { true } else { false } } ?? false }
    }

    @Test func corruptedMessageCRCEverywhereAfterThePrelude() {
        for i in 12..<good.count {
            var bad = good
            bad[i] ^= 0x40
            #expect(performing: { try decodeAll(bad) }, throws: { error in
                guard case .messageChecksumMismatch(let e, let c) = error as? EventStreamError else { return false }
                return e != c
            })
        }
    }

    @Test func truncatedStream() throws {
        for cut in [1, 11, 12, 13, 100, 147] {
            var d = EventStreamDecoder()
            d.feed(good[0..<cut])
            #expect(try d.next() == nil)
            #expect(throws: EventStreamError.truncatedStream(bufferedBytes: cut)) { try d.finish() }
        }
    }

    @Test func oversizedHeadersAndPayloadAreRejectedFromThePrelude() throws {
        // Only the 12-byte prelude is fed: the decoder must refuse before buffering 24 MiB.
        let hugeHeaders = UInt32(128 * 1024 + 1)
        var p = rawFrame(total: hugeHeaders + 16, headersLength: hugeHeaders, headers: [], payload: [])
        p.removeLast(4)
        var d = EventStreamDecoder()
        d.feed(p)
        #expect(throws: EventStreamError.headersTooLong(128 * 1024 + 1)) { try d.next() }

        let payload = 24 * 1024 * 1024 + 1
        var q = rawFrame(total: UInt32(payload + 16), headersLength: 0, headers: [], payload: [])
        q.removeLast(4)
        var d2 = EventStreamDecoder()
        d2.feed(q)
        #expect(throws: EventStreamError.payloadTooLong(payload)) { try d2.next() }

        // Exactly at the limits is fine as far as the prelude goes.
        var r = rawFrame(total: UInt32(24 * 1024 * 1024 + 16), headersLength: 0, headers: [], payload: [])
        r.removeLast(4)
        var d3 = EventStreamDecoder()
        d3.feed(r)
        #expect(try d3.next() == nil)
    }

    @Test func impossibleLengths() {
        #expect(throws: EventStreamError.messageTooShort(totalLength: 15)) {
            try decodeAll(rawFrame(total: 15, headers: [], payload: []))
        }
        #expect(throws: EventStreamError.invalidHeadersLength(headersLength: 5, totalLength: 20)) {
            try decodeAll(rawFrame(headersLength: 5, headers: [], payload: [0, 0, 0, 0]))
        }
    }

    @Test func minimalEmptyMessage() throws {
        let m = try decodeAll(rawFrame(headers: [], payload: []))
        #expect(m == [EventStreamMessage(headers: [], payload: [])])
    }

    @Test func headerProblems() {
        let name: [UInt8] = [2] + Array(":a".utf8)
        // string header claiming 5 bytes, only 2 present
        #expect(throws: EventStreamError.truncatedHeader(offset: 0)) {
            try decodeAll(rawFrame(headers: name + [7, 0, 5, 0x41, 0x42], payload: []))
        }
        // name length beyond block
        #expect(throws: EventStreamError.truncatedHeader(offset: 0)) {
            try decodeAll(rawFrame(headers: [9, 0x41], payload: []))
        }
        // long header missing bytes
        #expect(throws: EventStreamError.truncatedHeader(offset: 0)) {
            try decodeAll(rawFrame(headers: name + [5, 0, 0, 0], payload: []))
        }
        #expect(throws: EventStreamError.unknownHeaderType(10, name: ":a")) {
            try decodeAll(rawFrame(headers: name + [10], payload: []))
        }
        #expect(throws: EventStreamError.invalidHeaderName(offset: 0)) {
            try decodeAll(rawFrame(headers: [0, 0], payload: []))
        }
        #expect(throws: EventStreamError.invalidHeaderName(offset: 0)) {
            try decodeAll(rawFrame(headers: [1, 0xFF, 0], payload: []))
        }
        #expect(throws: EventStreamError.invalidStringValue(name: ":a")) {
            try decodeAll(rawFrame(headers: name + [7, 0, 2, 0xC3, 0x28], payload: []))
        }
        #expect(throws: EventStreamError.duplicateHeader(":a")) {
            try decodeAll(rawFrame(headers: name + [0] + name + [1], payload: []))
        }
    }

    @Test func errorsAreSticky() throws {
        var bad = good
        bad[20] ^= 1
        var d = EventStreamDecoder()
        d.feed(bad + good)
        #expect(throws: EventStreamError.self) { try d.next() }
        #expect(throws: EventStreamError.self) { try d.next() }
        #expect(throws: EventStreamError.self) { try d.finish() }
    }

    @Test func randomGarbageNeverCrashes() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var bytes = KnownFrames.throttlingException
            // Mutate a few bytes, then fix up the CRCs half the time so header parsing is exercised.
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            if Bool.random(using: &rng) {
                bytes.replaceSubrange(8..<12, with: bigEndianBytes(CRC32.checksum(bytes[0..<8])))
                let n = bytes.count
                bytes.replaceSubrange(n - 4..<n, with: bigEndianBytes(CRC32.checksum(bytes[0..<n - 4])))
            }
            var d = EventStreamDecoder()
            d.feed(bytes)
            _ = try? d.next()
            _ = try? d.next()
        }
    }
}

private func bigEndianBytes(_ v: UInt32) -> [UInt8] {
    [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
}
