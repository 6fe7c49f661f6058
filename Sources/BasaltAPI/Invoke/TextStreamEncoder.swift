import BasaltCore

/// A family whose native response is one generated text (Llama, Titan, Mistral text, Cohere Command, Anthropic text,
/// DeepSeek): it only has to say how one text chunk and the final chunk look.
protocol TextCompletionFamily: InvokeTranslator {
    /// The chunk for one text delta; `progress` already counts it.
    func deltaChunk(_ text: String, _ progress: TextStreamProgress, context: InvokeContext) -> JSONValue
    /// The last chunk (the metrics object is merged in by the encoder).
    func finalChunk(_ progress: TextStreamProgress, context: InvokeContext) -> JSONValue
}

extension TextCompletionFamily {
    func streamEncoder(context: InvokeContext) -> (any InvokeStreamEncoder)? {
        TextStreamEncoder(family: self, context: context)
    }
}

/// What a text stream has produced so far.
struct TextStreamProgress: Sendable, Hashable {
    /// Text chunks emitted (one per delta; engines emit one delta per token).
    var chunks = 0
    /// Generated text so far.
    var text = ""
    var stopReason: StopReason = .endTurn
    var stopSequence: String?
    /// The backend's usage, once `.metadata` arrived.
    var usage: Usage?

    /// Output tokens: the backend's count when known, else the chunk count.
    var outputTokens: Int { usage?.outputTokens ?? chunks }
}

/// The stream encoder of every `TextCompletionFamily`: one chunk per text delta, then the final chunk with the
/// stop reason and `amazon-bedrock-invocationMetrics` when `.metadata` arrives. Tool-use and reasoning deltas
/// have no form in these formats and are dropped.
struct TextStreamEncoder<Family: TextCompletionFamily>: InvokeStreamEncoder {
    enum State: Sendable { case streaming, stopped, finished }

    let family: Family
    let context: InvokeContext
    private(set) var state = State.streaming
    private(set) var progress = TextStreamProgress()

    init(family: Family, context: InvokeContext) {
        self.family = family
        self.context = context
    }

    mutating func chunks(for event: GenerationEvent) -> [JSONValue] {
        switch (state, event) {
        case (.streaming, .contentBlockDelta(_, .text(let t))) where !t.isEmpty:
            progress.chunks += 1
            progress.text += t
            return [family.deltaChunk(t, progress, context: context)]
        case (.streaming, .messageStop(let reason, let sequence)):
            progress.stopReason = reason
            progress.stopSequence = sequence
            state = .stopped
            return []
        case (.streaming, .metadata(let usage, let metrics)), (.stopped, .metadata(let usage, let metrics)):
            progress.usage = usage
            state = .finished
            return [InvokeChunks.withMetrics(family.finalChunk(progress, context: context), usage, metrics)]
        default:
            return []
        }
    }

    mutating func finish() -> [JSONValue] {
        guard state != .finished else { return [] }
        let usage = Usage(inputTokens: context.promptTokens ?? 0, outputTokens: progress.chunks)
        return chunks(for: .metadata(usage, GenerationMetrics(latencyMs: 0)))
    }
}
