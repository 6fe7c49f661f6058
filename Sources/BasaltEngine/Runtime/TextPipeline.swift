import BasaltCore

/// A request turned into the exact token sequence the model reads.
struct PreparedPrompt: Sendable, Hashable {
    /// Prompt tokens, including the tokens of `prefill`.
    var tokens: [Int32]
    /// Text appended after the rendered prompt that the answer continues (e.g. `<tool_call>\n` when a tool
    /// call is forced); the decoder treats it as already produced.
    var prefill: String
}

/// The text side of a model that the runtime drives: prompt preparation before the engine thread, and one
/// `SequenceDecoder` per request on it. The real implementation is `ChatPipeline`; tests use fakes.
protocol TextPipeline: Sendable {
    /// Renders (or takes `rawPrompt` verbatim) and tokenizes the request. Pure and thread-safe.
    func prepare(_ request: GenerationRequest) throws -> PreparedPrompt
    /// Creates the per-request decoder; called on the engine thread, which then owns it.
    func makeDecoder(for request: GenerationRequest, prompt: PreparedPrompt) -> any SequenceDecoder
}

/// Why a decoder asks to stop.
struct DecoderStop: Sendable, Hashable {
    var reason: StopReason
    /// The matched stop sequence when `reason == .stopSequence`.
    var sequence: String?
}

/// Per-request decoding state, confined to the engine thread: chooses tokens from logits and turns them into
/// content events (sampler + constraint + UTF-8 decoding + output assembly).
protocol SequenceDecoder: AnyObject {
    /// Chooses the next token from the logits after the last token.
    func nextToken(logits: [Float]) -> Int32
    /// Consumes a chosen token. Returns the content events it completes and, when generation must end with
    /// it (end-of-generation token, stop sequence, completed tool call), why.
    func consume(_ token: Int32) -> (events: [GenerationEvent], stop: DecoderStop?)
    /// Closes the message: flushes pending text, closes open blocks, ends with `messageStop`.
    /// `stop` is the decoder's own stop, or the scheduler's (`maxTokens`).
    func finish(_ stop: DecoderStop) -> [GenerationEvent]
}
