import BasaltCore

/// Stream chunks of the OpenAI-style chat dialects. OpenAI / Jamba: `chat.completion.chunk` objects with `delta`s
/// (role first, then content and `tool_calls` fragments), and a final chunk with `finish_reason` and `usage`.
/// Mistral chat (§6.4): `{"choices":[{"index":0,"message":{"role":"assistant","content":…},"stop_reason":null}]}`,
/// tool calls whole in the final chunk.
struct ChatCompletionsStreamEncoder: InvokeStreamEncoder {
    enum State: Sendable { case idle, streaming, stopped, finished }

    let dialect: ChatCompletionsTranslator.Dialect
    let context: InvokeContext
    private(set) var state = State.idle
    private var collector = ResponseCollector()
    private var toolIndex: [Int: Int] = [:]
    private var deltas = 0

    init(dialect: ChatCompletionsTranslator.Dialect, context: InvokeContext) {
        self.dialect = dialect
        self.context = context
    }

    mutating func chunks(for event: GenerationEvent) -> [JSONValue] {
        guard state != .finished else { return [] }
        collector.add(event)
        var out: [JSONValue] = []
        if state == .idle, dialect != .mistral {
            out.append(chunk(delta: ["role": "assistant", "content": ""], finish: .null))
        }
        if state == .idle { state = .streaming }
        switch event {
        case .contentBlockStart(let i, .toolUse(let id, let name)) where dialect != .mistral:
            let k = toolIndex.count
            toolIndex[i] = k
            out.append(chunk(delta: ["tool_calls": [[
                "index": PromptInputs.int(k), "id": .string(id), "type": "function",
                "function": ["name": .string(name), "arguments": ""],
            ]]], finish: .null))
        case .contentBlockDelta(let i, let delta):
            deltas += 1
            switch delta {
            case .text(let t) where !t.isEmpty:
                if dialect == .mistral {
                    out.append(["choices": [["index": 0, "message": ["role": "assistant", "content": .string(t)], "stop_reason": .null]]])
                } else {
                    out.append(chunk(delta: ["content": .string(t)], finish: .null))
                }
            case .toolUseInput(let s) where dialect != .mistral:
                guard let k = toolIndex[i] else { break }
                out.append(chunk(delta: ["tool_calls": [["index": PromptInputs.int(k), "function": ["arguments": .string(s)]]]],
                                 finish: .null))
            default:
                break
            }
        case .messageStop:
            state = .stopped
        case .metadata(let usage, let metrics):
            out.append(InvokeChunks.withMetrics(final(usage), usage, metrics))
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

    private func final(_ usage: Usage) -> JSONValue {
        let reason = JSONValue.string(StopReasons.openAI(collector.stopReason))
        guard dialect == .mistral else {
            guard case .object(var o) = chunk(delta: [:], finish: reason) else { return .null }
            o["usage"] = ChatCompletionsTranslator.usage(usage)
            return .object(o)
        }
        var message = JSONObject([("role", "assistant"), ("content", "")])
        let calls = collector.blocks.compactMap { b -> JSONValue? in
            if case .toolUse(let u) = b { ChatCompletionsTranslator.toolCall(u, dialect: .mistral) } else { nil }
        }
        if !calls.isEmpty { message["tool_calls"] = .array(calls) }
        return ["choices": [["index": 0, "message": .object(message), "stop_reason": reason]]]
    }

    private func chunk(delta: JSONValue, finish: JSONValue) -> JSONValue {
        let choices: JSONValue = [["index": 0, "delta": delta, "finish_reason": finish]]
        if dialect == .jamba { return ["id": .string(context.requestId), "choices": choices] }
        return [
            "id": .string(ChatCompletionsTranslator.completionId(context)),
            "object": "chat.completion.chunk",
            "created": PromptInputs.int(context.created),
            "model": .string(context.modelName),
            "choices": choices,
        ]
    }
}
