import Foundation
import Testing
@testable import BasaltEngine

/// SentencePiece BPE against the `sentencepiece` library (Fixtures/make_spm_reference.py trains the model).
@Suite struct SentencePieceTokenizerTests {
    struct Reference: Decodable {
        var tokens: [String]
        var scores: [Float]
        var types: [Int32]
        var corpus: [String]
        var expected: [[Int32]]
    }

    static func load() throws -> Reference {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/spm_reference.json")
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }

    static func tokenizer(_ r: Reference) throws -> Tokenizer {
        try Tokenizer.make(TokenizerVocabulary(
            model: "llama", pre: nil, tokens: r.tokens, tokenTypes: r.types, scores: r.scores, merges: [],
            bosTokenId: 1, eosTokenId: 2, eotTokenId: nil, unknownTokenId: 0, paddingTokenId: nil,
            addBOS: true, addEOS: false, addSpacePrefix: true))
    }

    @Test("encode matches sentencepiece")
    func matchesReference() throws {
        let r = try Self.load()
        let tok = try Self.tokenizer(r)
        for (text, ids) in zip(r.corpus, r.expected) {
            #expect(tok.encode(text, addSpecial: false) == ids, "\(text.debugDescription)")
        }
    }

    @Test("BOS, byte tokens and decoding")
    func specialsAndBytes() throws {
        let tok = try Self.tokenizer(try Self.load())
        let ids = tok.encode("hello 😀", addSpecial: true)
        #expect(ids.first == 1)
        // The leading space prefix comes back on decode; the emoji round-trips through <0xXX> tokens.
        #expect(tok.decode(Array(ids.dropFirst())) == " hello 😀")
        #expect(tok.tokenBytes(3) == [0x00])
        #expect(tok.isEndOfGeneration(2))
        #expect(tok.encode("</s>", addSpecial: false, parseSpecial: true) == [2])
    }
}
