import Testing
@testable import BasaltEngine

@Suite struct UTF8StreamDecoderTests {
    @Test("byte-at-a-time decoding yields only complete characters")
    func byteAtATime() {
        let text = "aé日😀👨‍👩‍👧z"
        var d = UTF8StreamDecoder()
        var pieces: [String] = []
        for b in text.utf8 {
            let s = d.decode([b])
            if !s.isEmpty { pieces.append(s) }
        }
        pieces.append(d.flush())
        #expect(pieces.joined() == text)
        #expect(!pieces.joined().contains("\u{FFFD}"))
        // 4-byte emoji: nothing until its last byte arrives.
        var e = UTF8StreamDecoder()
        let bytes = Array("😀".utf8)
        #expect(e.decode(bytes[0..<3]) == "")
        #expect(e.pendingByteCount == 3)
        #expect(e.decode(bytes[3...]) == "😀")
    }

    @Test("every split point of a mixed string round-trips")
    func splits() {
        let bytes = Array("héllo wörld ✓ 🎉 日本".utf8)
        for cut in 0...bytes.count {
            var d = UTF8StreamDecoder()
            let s = d.decode(bytes[..<cut]) + d.decode(bytes[cut...]) + d.flush()
            #expect(s == "héllo wörld ✓ 🎉 日本")
        }
    }

    @Test("invalid bytes become U+FFFD instead of stalling")
    func invalid() {
        var d = UTF8StreamDecoder()
        #expect(d.decode([0x61, 0xFF, 0x62]) == "a\u{FFFD}b")
        #expect(d.decode([0xE6, 0x97]) == "")
        #expect(d.flush() == "\u{FFFD}")
    }
}
