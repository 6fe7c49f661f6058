import BasaltCore

/// Benchmark-only backend: answers at once with a fixed short reply, so a benchmark measures only the server
/// (routing, decoding, validation, encoding, event-stream framing). Never served by `basalt serve`.
struct InstantBackend: TextModel {
    let capabilities = BackendCapabilities(contextLength: 8192, maxOutputTokens: 4096)
    let words = ["Basalt", " answers", " at", " once", "."]

    func generate(_ request: GenerationRequest) async throws -> GenerationStream {
        let words = self.words
        return GenerationStream { continuation in
            continuation.yield(.messageStart(.assistant))
            for w in words { continuation.yield(.contentBlockDelta(index: 0, .text(w))) }
            continuation.yield(.contentBlockStop(index: 0))
            continuation.yield(.messageStop(.endTurn, stopSequence: nil))
            continuation.yield(.metadata(Usage(inputTokens: 8, outputTokens: words.count), GenerationMetrics(latencyMs: 0)))
            continuation.finish()
        }
    }

    func countInputTokens(_ request: GenerationRequest) async throws -> Int { 8 }
}
