import BasaltCore

/// One accepted request on its way through the engine: what to read, how much to write, where to stream.
struct EngineJob: Sendable {
    var id: UInt64
    var request: GenerationRequest
    var prompt: PreparedPrompt
    /// Output token budget, already clamped to the room left in a slot.
    var maxTokens: Int
    var continuation: GenerationStream.Continuation
    /// When `generate` accepted the request (latency metrics start here).
    var acceptedAt: ContinuousClock.Instant
}
