import Foundation
import Testing
@testable import BasaltEngine

/// WordPiece against Hugging Face `tokenizers` (Fixtures/make_wordpiece_reference.py).
@Suite struct WordPieceTokenizerTests {
    struct Reference: Decodable {
        var corpus: [String]
        var ids: [[Int32]]
        var long_text: String
        var long_ids: [Int32]
    }

    static let reference: Reference? = EmbeddingTestSupport.fixture("wordpiece_reference.json")
        .flatMap { try? JSONDecoder().decode(Reference.self, from: $0) }

    static let tokenizer: WordPieceTokenizer? = EmbeddingTestSupport.modelDirectory.flatMap {
        try? WordPieceTokenizer.load(contentsOf: $0.appendingPathComponent("tokenizer.json"))
    }

    @Test("ids match Hugging Face tokenizers on the corpus", .enabled(if: tokenizer != nil))
    func matchesReference() throws {
        let ref = try #require(Self.reference)
        let tok = try #require(Self.tokenizer)
        #expect(ref.corpus.count == ref.ids.count && ref.corpus.count > 30)
        for (text, ids) in zip(ref.corpus, ref.ids) {
            let got = tok.encode(text, maxLength: 10_000, truncation: .none)
            #expect(got.ids == ids, "\(text.debugDescription)")
            #expect(!got.truncated)
        }
    }

    @Test("truncation keeps the end or the start and always closes with [SEP]", .enabled(if: tokenizer != nil))
    func truncation() throws {
        let ref = try #require(Self.reference)
        let tok = try #require(Self.tokenizer)
        let full = ref.long_ids  // [CLS] body [SEP], untruncated, from HF
        #expect(full.count > 512)
        let body = Array(full.dropFirst().dropLast())

        let end = tok.encode(ref.long_text, maxLength: 512, truncation: .end)
        #expect(end.truncated)
        #expect(end.ids == [tok.clsID] + body.prefix(510) + [tok.sepID])

        let start = tok.encode(ref.long_text, maxLength: 512, truncation: .start)
        #expect(start.ids == [tok.clsID] + body.suffix(510) + [tok.sepID])

        let none = tok.encode(ref.long_text, maxLength: 512, truncation: .none)
        #expect(!none.truncated && none.ids == full)
    }

    @Test("built from a small vocabulary: greedy longest match, ## continuation, [UNK] words")
    func smallVocabulary() throws {
        let vocab: [String: Int32] = [
            "[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "[MASK]": 4,
            "un": 5, "##aff": 6, "##able": 7, "aff": 8, "##a": 9, "!": 10, "a": 11, "cafe": 12,
        ]
        let tok = try WordPieceTokenizer(vocabulary: vocab)
        // "unaffable" -> un ##aff ##able; "!" isolated; "xyz" has no piece -> [UNK]; accents stripped.
        #expect(tok.tokenize("UNaffable! xyz Café") == [5, 6, 7, 10, 1, 12])
        // A word whose tail cannot be matched becomes a single [UNK], not a partial match.
        #expect(tok.tokenize("unaffablez") == [1])
        // Special tokens are matched in the raw text before normalisation.
        #expect(tok.tokenize("a[MASK]a") == [11, 4, 11])
        #expect(tok.tokenize("a[mask]") == [11, 1, 1, 1])
        #expect(tok.encode("a", maxLength: 8).ids == [2, 11, 3])
        #expect(throws: EmbeddingModelError.self) { _ = try WordPieceTokenizer(vocabulary: ["a": 0]) }
    }

    @Test("BertNormalizer: control characters dropped, whitespace unified, CJK isolated")
    func normalizer() {
        let n = BertNormalizer()
        #expect(String(String.UnicodeScalarView(n.normalize("A\u{0}b\u{7}\tC\u{00A0}\u{4F60}É"))) == "ab c  \u{4F60} e")
        let keepCase = BertNormalizer(lowercase: false)
        #expect(String(String.UnicodeScalarView(keepCase.normalize("Éa"))) == "Éa")
        #expect(BertPreTokenizer.split(Array("a,b  c$d".unicodeScalars)).map { String(String.UnicodeScalarView($0)) }
            == ["a", ",", "b", "c", "$", "d"])
    }
}
