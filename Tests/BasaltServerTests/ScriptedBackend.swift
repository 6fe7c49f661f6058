import BasaltCore

/// Test-only backend: replays a fixed event script (optionally failing mid-stream), counting requests.
struct ScriptedBackend: TextModel {
    var capabilities = BackendCapabilities(contextLength: 4096, maxOutputTokens: 4096)
    var text = ["Hello", " there", "."]
    var failAfter: Int? = nil
    var rejectWith: BackendError? = nil

    func generate(_ request: GenerationRequest) async throws -> GenerationStream {
        if let rejectWith { throw rejectWith }
        let (text, failAfter) = (self.text, self.failAfter)
        return GenerationStream { c in
            c.yield(.messageStart(.assistant))
            for (i, piece) in text.enumerated() {
                if let failAfter, i == failAfter {
                    c.finish(throwing: BackendError.modelFailure("The model stopped unexpectedly."))
                    return
                }
                c.yield(.contentBlockDelta(index: 0, .text(piece)))
            }
            c.yield(.contentBlockStop(index: 0))
            c.yield(.messageStop(.endTurn, stopSequence: nil))
            c.yield(.metadata(Usage(inputTokens: request.messages.count, outputTokens: text.count), GenerationMetrics(latencyMs: 1)))
            c.finish()
        }
    }

    func countInputTokens(_ request: GenerationRequest) async throws -> Int { 42 }
}
