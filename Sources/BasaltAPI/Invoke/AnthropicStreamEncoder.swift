import BasaltCore

/// Anthropic Messages stream events, one per chunk (§6.1): `message_start`, per block `content_block_start` /
/// `content_block_delta`* / `content_block_stop`, then `message_delta` and `message_stop` (with the invocation
/// metrics) once `.metadata` arrives. Block indices are renumbered in order of first appearance.
struct AnthropicStreamEncoder: InvokeStreamEncoder {
    enum State: Sendable { case idle, streaming, stopped, finished }
    enum BlockKind: Sendable { case text, thinking, toolUse }

    let context: InvokeContext
    private(set) var state = State.idle
    private var blocks: [Int: (index: Int, kind: BlockKind)] = [:]
    private var open: [Int] = []
    private var deltas = 0
    private var stopReason = StopReason.endTurn
    private var stopSequence: String?

    init(context: InvokeContext) { self.context = context }

    mutating func chunks(for event: GenerationEvent) -> [JSONValue] {
        guard state != .finished else { return [] }
        var out: [JSONValue] = []
        if state == .idle {
            out.append(messageStart())
            state = .streaming
        }
        switch event {
        case .messageStart:
            break
        case .contentBlockStart(let i, .toolUse(let id, let name)) where state == .streaming:
            out += startBlock(i, .toolUse, ["type": "tool_use", "id": .string(id), "name": .string(name), "input": [:]])
        case .contentBlockDelta(let i, let delta) where state == .streaming:
            deltas += 1
            switch delta {
            case .text(let t):
                if blocks[i] == nil { out += startBlock(i, .text, ["type": "text", "text": ""]) }
                out.append(deltaChunk(i, ["type": "text_delta", "text": .string(t)]))
            case .reasoning(let t):
                if blocks[i] == nil { out += startBlock(i, .thinking, ["type": "thinking", "thinking": ""]) }
                out.append(deltaChunk(i, ["type": "thinking_delta", "thinking": .string(t)]))
            case .toolUseInput(let s):
                guard blocks[i] != nil else { break }
                out.append(deltaChunk(i, ["type": "input_json_delta", "partial_json": .string(s)]))
            }
        case .contentBlockStop(let i):
            out += stopBlock(i)
        case .messageStop(let reason, let sequence):
            for i in open { out += stopBlock(i) }
            stopReason = reason
            stopSequence = sequence
            state = .stopped
        case .metadata(let usage, let metrics):
            for i in open { out += stopBlock(i) }
            out.append([
                "type": "message_delta",
                "delta": [
                    "stop_reason": .string(StopReasons.anthropic(stopReason)),
                    "stop_sequence": stopSequence.map(JSONValue.string) ?? .null,
                ],
                "usage": ["output_tokens": PromptInputs.int(usage.outputTokens)],
            ])
            out.append(InvokeChunks.withMetrics(["type": "message_stop"], usage, metrics))
            state = .finished
        default:
            break
        }
        return out
    }

    mutating func finish() -> [JSONValue] {
        guard state != .finished else { return [] }
        let usage = Usage(inputTokens: context.promptTokens ?? 0, outputTokens: deltas)
        return chunks(for: .metadata(usage, GenerationMetrics(latencyMs: 0)))
    }

    private func messageStart() -> JSONValue {
        [
            "type": "message_start",
            "message": [
                "id": .string(AnthropicMessagesTranslator.messageId(context)),
                "type": "message",
                "role": "assistant",
                "model": .string(context.modelName),
                "content": [],
                "stop_reason": .null,
                "stop_sequence": .null,
                "usage": ["input_tokens": PromptInputs.int(context.promptTokens ?? 0), "output_tokens": 1],
            ],
        ]
    }

    private mutating func startBlock(_ i: Int, _ kind: BlockKind, _ block: JSONValue) -> [JSONValue] {
        guard blocks[i] == nil else { return [] }
        let index = blocks.count
        blocks[i] = (index, kind)
        open.append(i)
        return [["type": "content_block_start", "index": PromptInputs.int(index), "content_block": block]]
    }

    private func deltaChunk(_ i: Int, _ delta: JSONValue) -> JSONValue {
        ["type": "content_block_delta", "index": PromptInputs.int(blocks[i]?.index ?? 0), "delta": delta]
    }

    private mutating func stopBlock(_ i: Int) -> [JSONValue] {
        guard let at = open.firstIndex(of: i), let b = blocks[i] else { return [] }
        open.remove(at: at)
        return [["type": "content_block_stop", "index": PromptInputs.int(b.index)]]
    }
}
