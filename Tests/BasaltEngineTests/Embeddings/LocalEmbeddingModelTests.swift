import BasaltCore
import Foundation
import Testing
@testable import BasaltEngine

/// The encoder against the independent numpy implementation (reference_embed.py → Fixtures/embed_reference.json).
@Suite struct LocalEmbeddingModelTests {
    struct Reference: Decodable {
        var texts: [String]
        var tokenCounts: [Int]
        var vectors: [[Float]]
    }

    static let reference: Reference? = EmbeddingTestSupport.fixture("embed_reference.json")
        .flatMap { try? JSONDecoder().decode(Reference.self, from: $0) }

    @Test("batched vectors match the numpy reference (cosine ≥ 0.9999)", .enabled(if: EmbeddingTestSupport.model != nil))
    func matchesReference() async throws {
        let model = try #require(EmbeddingTestSupport.model)
        let ref = try #require(Self.reference)
        let result = try await model.embedDetailed(ref.texts, truncation: .end)
        #expect(model.dimension == 384)
        #expect(result.tokenCounts == ref.tokenCounts)
        #expect(result.vectors.count == ref.vectors.count)
        for (i, (got, want)) in zip(result.vectors, ref.vectors).enumerated() {
            #expect(got.count == 384)
            let cos = EmbeddingTestSupport.cosine(got, want)
            #expect(cos >= 0.9999, "text \(i): cosine \(cos)")
            let maxDiff = zip(got, want).map { abs($0 - $1) }.max() ?? 1
            #expect(maxDiff < 1e-3, "text \(i): max abs diff \(maxDiff)")
            let norm = got.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
            #expect(abs(norm - 1) < 1e-4)
        }
    }

    @Test("Q8_0 precision stays within cosine 0.999 of the numpy reference",
          .enabled(if: EmbeddingTestSupport.q8Model != nil))
    func quantizedMatchesReference() async throws {
        let model = try #require(EmbeddingTestSupport.q8Model)
        let ref = try #require(Self.reference)
        let result = try await model.embedDetailed(ref.texts, truncation: .end)
        for (i, (got, want)) in zip(result.vectors, ref.vectors).enumerated() {
            let cos = EmbeddingTestSupport.cosine(got, want)
            #expect(cos >= 0.999, "text \(i): cosine \(cos)")
        }
    }

    @Test("a text embeds the same alone and inside a batch", .enabled(if: EmbeddingTestSupport.model != nil))
    func batchIndependence() async throws {
        let model = try #require(EmbeddingTestSupport.model)
        let texts = ["short", "a considerably longer sentence with many more tokens than the first one", "mid length text"]
        let batch = try await model.embed(texts, truncation: .end)
        #expect(batch.inputTokens == texts.map { model.tokenizer.encode($0, maxLength: 512).ids.count }.reduce(0, +))
        for (i, text) in texts.enumerated() {
            let single = try await model.embed([text], truncation: .end)
            #expect(EmbeddingTestSupport.cosine(single.vectors[0], batch.vectors[i]) > 0.99999)
        }
    }

    @Test("semantic similarity ranks a paraphrase above an unrelated sentence",
          .enabled(if: EmbeddingTestSupport.model != nil))
    func similarityOrder() async throws {
        let model = try #require(EmbeddingTestSupport.model)
        let v = try await model.embed(["A cat sits on the mat", "A kitten is on the rug", "Stock markets fell"],
                                      truncation: .end).vectors
        let related = EmbeddingTestSupport.cosine(v[0], v[1])
        let unrelated = EmbeddingTestSupport.cosine(v[0], v[2])
        #expect(related > unrelated + 0.3, "related \(related), unrelated \(unrelated)")
    }

    @Test("long input: truncated when allowed, inputTooLong otherwise", .enabled(if: EmbeddingTestSupport.model != nil))
    func longInput() async throws {
        let model = try #require(EmbeddingTestSupport.model)
        let long = Array(repeating: "word", count: 700).joined(separator: " ")
        let cut = try await model.embedDetailed([long, "tail"], truncation: .end)
        #expect(cut.tokenCounts == [512, 3])
        #expect(cut.truncatedCount == 1)
        let fromStart = try await model.embedDetailed([long + " different ending here"], truncation: .start)
        #expect(fromStart.tokenCounts == [512])
        await #expect(throws: BackendError.inputTooLong) { _ = try await model.embed([long], truncation: .none) }
        let empty = try await model.embed([], truncation: .end)
        #expect(empty.vectors.isEmpty && empty.inputTokens == 0)
    }
}
