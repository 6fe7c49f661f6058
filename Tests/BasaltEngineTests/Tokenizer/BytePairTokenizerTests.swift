import Foundation
import Testing
@testable import BasaltEngine

/// Byte-level BPE against Hugging Face `tokenizers` (Fixtures/make_bpe_reference.py), per pre-tokenizer variant.
@Suite struct BytePairTokenizerTests {
    struct Reference: Decodable {
        var corpus: [String]
        var expected: [String: [[Int32]]]
        var pieces: [String: [[String]]]
    }

    static let reference: Reference? = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/bpe_reference.json")
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(Reference.self, from: data)
    }()

    @Test(
        "encode matches Hugging Face tokenizers",
        .enabled(if: GGUFTestMetadata.smolLM2 != nil),
        arguments: ["smollm", "gpt2", "llama-bpe", "qwen2"])
    func matchesReference(variant: String) throws {
        let ref = try #require(Self.reference)
        var v = try #require(GGUFTestMetadata.smolLM2).vocabulary
        v.pre = variant
        let tok = try Tokenizer.make(v)
        let expected = try #require(ref.expected[variant])
        for (text, ids) in zip(ref.corpus, expected) {
            let got = tok.encode(text, addSpecial: false, parseSpecial: true)
            #expect(got == ids, "\(variant): \(text.debugDescription)")
            #expect(tok.decode(got) == text)
        }
    }

    @Test("pre-tokenizer pieces match Hugging Face", arguments: ["smollm", "gpt2", "llama-bpe", "qwen2"])
    func piecesMatchReference(variant: String) throws {
        let ref = try #require(Self.reference)
        let pre = PreTokenizer(variant: variant)
        for (text, pieces) in zip(ref.corpus, try #require(ref.pieces[variant])) {
            #expect(pre.split(text) == pieces, "\(variant): \(text.debugDescription)")
        }
    }

    @Test("special tokens only with parseSpecial", .enabled(if: GGUFTestMetadata.smolLM2 != nil))
    func specialTokens() throws {
        let tok = try Tokenizer.make(try #require(GGUFTestMetadata.smolLM2).vocabulary)
        let parsed = tok.encode("<|im_start|>user", addSpecial: false, parseSpecial: true)
        #expect(parsed.first == 1)
        let plain = tok.encode("<|im_start|>user", addSpecial: false, parseSpecial: false)
        #expect(!plain.contains(1))
        #expect(plain.count > 3)
        #expect(tok.decode(plain) == "<|im_start|>user")
        #expect(String(decoding: tok.tokenBytes(1), as: UTF8.self) == "<|im_start|>")
        #expect(tok.tokenText(1) == "<|im_start|>")
    }

    /// A special token followed by a combining mark is one Character in Swift but still a token boundary in
    /// bytes, where llama.cpp finds it (its output: `<|im_end|>` then the bytes CC 81).
    @Test("special tokens are found by bytes, not by Characters", .enabled(if: GGUFTestMetadata.smolLM2 != nil))
    func specialTokenBeforeCombiningMark() throws {
        let tok = try Tokenizer.make(try #require(GGUFTestMetadata.smolLM2).vocabulary)
        let ids = tok.encode("a<|im_end|>\u{301} b", addSpecial: false, parseSpecial: true)
        #expect(ids.contains(2))
        let end = try #require(ids.firstIndex(of: 2))
        #expect(tok.decode(Array(ids[..<end])) == "a")
        #expect(ids[(end + 1)...].flatMap { tok.tokenBytes($0) } == Array("\u{301} b".utf8))
    }

    @Test("SmolLM2 metadata", .enabled(if: GGUFTestMetadata.smolLM2 != nil))
    func metadata() throws {
        let tok = try Tokenizer.make(try #require(GGUFTestMetadata.smolLM2).vocabulary)
        #expect(tok.vocabularySize == 49152)
        #expect(tok.bosTokenId == 1)
        #expect(tok.eosTokenId == 2)
        #expect(tok.isEndOfGeneration(2))  // <|im_end|>
        #expect(tok.isEndOfGeneration(0))  // <|endoftext|>
        #expect(!tok.isEndOfGeneration(1))
        #expect(!tok.addsBOS)
        // Ġ (U+0120) stands for the space byte.
        let space = try #require(tok.encode(" ", addSpecial: false).first)
        #expect(tok.tokenBytes(space) == [0x20])
    }

    @Test("encoding speed", .enabled(if: GGUFTestMetadata.smolLM2 != nil))
    func speed() throws {
        let tok = try Tokenizer.make(try #require(GGUFTestMetadata.smolLM2).vocabulary)
        let text = String(repeating: "The quick brown fox jumps over the lazy dog; 12345 émoji 😀. ", count: 200)
        let clock = ContinuousClock()
        var ids: [Int32] = []
        let elapsed = clock.measure { ids = tok.encode(text, addSpecial: false) }
        print("encoded \(text.utf8.count) bytes into \(ids.count) tokens in \(elapsed)")
        #expect(tok.decode(ids) == text)
    }
}
