import Foundation
import Testing
@testable import BasaltEngine

/// Throughput of the local encoder; runs only with `BASALT_EMBED_BENCH=<seconds>` (see
/// benchmarks/embeddings/run.sh, which also runs the numpy reference on the same texts).
@Suite struct EmbeddingBenchmark {
    static let seconds = ProcessInfo.processInfo.environment["BASALT_EMBED_BENCH"].flatMap(Double.init)

    @Test("embeddings per second at batch 1 and 32", .enabled(if: seconds != nil && EmbeddingTestSupport.model != nil))
    func throughput() async throws {
        let seconds = try #require(Self.seconds)
        for (name, model) in [("f32", EmbeddingTestSupport.model), ("q8_0", EmbeddingTestSupport.q8Model)] {
            try await run(try #require(model), name: name, seconds: seconds)
        }
    }

    func run(_ model: LocalEmbeddingModel, name: String, seconds: Double) async throws {
        let corpus = (0..<32).map {
            "Sentence number \($0): the quick brown fox jumps over the lazy dog near the river bank."
        }
        for batch in [1, 32] {
            let texts = Array(corpus.prefix(batch))
            _ = try await model.embed(texts, truncation: .end)
            var done = 0
            let start = Date()
            while Date().timeIntervalSince(start) < seconds {
                _ = try await model.embed(texts, truncation: .end)
                done += batch
            }
            let rate = Double(done) / Date().timeIntervalSince(start)
            print("basalt[\(name)] batch=\(batch): \(String(format: "%.1f", rate)) embeddings/s")
        }
    }
}
