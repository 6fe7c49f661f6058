import BasaltCore

/// Nova's native stream (§6.7): ConverseStream events as JSON objects keyed by the event name; the `metadata`
/// chunk is last and carries the invocation metrics.
struct NovaStreamEncoder: InvokeStreamEncoder {
    enum State: Sendable { case idle, streaming, finished }

    let context: InvokeContext
    private(set) var state = State.idle
    private var deltas = 0
    private var open: [Int] = []

    init(context: InvokeContext) { self.context = context }

    mutating func chunks(for event: GenerationEvent) -> [JSONValue] {
        guard state != .finished else { return [] }
        var out: [JSONValue] = []
        if state == .idle {
            out.append(["messageStart": ["role": "assistant"]])
            state = .streaming
        }
        switch event {
        case .messageStart:
            break
        case .contentBlockStart(let i, .toolUse(let id, let name)):
            if !open.contains(i) { open.append(i) }
            out.append(["contentBlockStart": [
                "start": ["toolUse": ["toolUseId": .string(id), "name": .string(name)]],
                "contentBlockIndex": PromptInputs.int(i),
            ]])
        case .contentBlockDelta(let i, let delta):
            deltas += 1
            if !open.contains(i) { open.append(i) }
            let d: JSONValue =
                switch delta {
                case .text(let t): ["text": .string(t)]
                case .toolUseInput(let s): ["toolUse": ["input": .string(s)]]
                case .reasoning(let t): ["reasoningContent": ["text": .string(t)]]
                }
            out.append(["contentBlockDelta": ["delta": d, "contentBlockIndex": PromptInputs.int(i)]])
        case .contentBlockStop(let i):
            out += stop(i)
        case .messageStop(let reason, _):
            for i in open { out += stop(i) }
            out.append(["messageStop": ["stopReason": .string(StopReasons.nova(reason))]])
        case .metadata(let usage, let metrics):
            for i in open { out += stop(i) }
            let chunk: JSONValue = ["metadata": [
                "usage": ["inputTokens": PromptInputs.int(usage.inputTokens), "outputTokens": PromptInputs.int(usage.outputTokens)],
                "metrics": [:],
                "trace": [:],
            ]]
            out.append(InvokeChunks.withMetrics(chunk, usage, metrics))
            state = .finished
        }
        return out
    }

    mutating func finish() -> [JSONValue] {
        guard state != .finished else { return [] }
        let usage = Usage(inputTokens: context.promptTokens ?? 0, outputTokens: deltas)
        return chunks(for: .metadata(usage, GenerationMetrics(latencyMs: 0)))
    }

    private mutating func stop(_ i: Int) -> [JSONValue] {
        guard let at = open.firstIndex(of: i) else { return [] }
        open.remove(at: at)
        return [["contentBlockStop": ["contentBlockIndex": PromptInputs.int(i)]]]
    }
}
