import BasaltCore

/// Command R responses and stream events.
extension CohereChatTranslator {
    func response(_ c: ResponseCollector, context: InvokeContext) -> JSONValue {
        Self.body(c, context: context)
    }

    static func generationId(_ context: InvokeContext) -> String { context.requestId + "-gen" }

    static func body(_ c: ResponseCollector, context: InvokeContext) -> JSONValue {
        let calls: [JSONValue] = c.blocks.compactMap { b in
            if case .toolUse(let u) = b { ["name": .string(u.name), "parameters": u.input] } else { nil }
        }
        var history = context.input.body["chat_history"]?.arrayValue ?? []
        if let message = context.input.body["message"]?.stringValue {
            history.append(["role": "USER", "message": .string(message)])
        }
        var bot = JSONObject([("role", "CHATBOT"), ("message", .string(c.text))])
        if !calls.isEmpty { bot["tool_calls"] = .array(calls) }
        history.append(.object(bot))
        var o = JSONObject([
            ("response_id", .string(context.requestId)),
            ("text", .string(c.text)),
            ("generation_id", .string(generationId(context))),
            ("chat_history", .array(history)),
            ("finish_reason", .string(StopReasons.cohere(c.stopReason))),
        ])
        if !calls.isEmpty { o["tool_calls"] = .array(calls) }
        o["meta"] = [
            "api_version": ["version": "1"],
            "billed_units": ["input_tokens": PromptInputs.int(c.usage.inputTokens),
                             "output_tokens": PromptInputs.int(c.usage.outputTokens)],
        ]
        return .object(o)
    }
}

/// Command R stream (§6.5): `stream-start`, `text-generation`*, `tool-calls-generation` (when the model called
/// tools), then `stream-end` with the whole response and the invocation metrics.
struct CohereChatStreamEncoder: InvokeStreamEncoder {
    enum State: Sendable { case idle, streaming, finished }

    let context: InvokeContext
    private(set) var state = State.idle
    private var collector = ResponseCollector()
    private var deltas = 0

    init(context: InvokeContext) { self.context = context }

    mutating func chunks(for event: GenerationEvent) -> [JSONValue] {
        guard state != .finished else { return [] }
        collector.add(event)
        var out: [JSONValue] = []
        if state == .idle {
            out.append([
                "is_finished": false, "event_type": "stream-start",
                "generation_id": .string(CohereChatTranslator.generationId(context)),
            ])
            state = .streaming
        }
        switch event {
        case .contentBlockDelta(_, let delta):
            deltas += 1
            if case .text(let t) = delta, !t.isEmpty {
                out.append(["is_finished": false, "event_type": "text-generation", "text": .string(t)])
            }
        case .metadata(let usage, let metrics):
            let body = CohereChatTranslator.body(collector, context: context)
            if let calls = body["tool_calls"] {
                out.append(["is_finished": false, "event_type": "tool-calls-generation",
                            "text": .string(collector.text), "tool_calls": calls])
            }
            let end: JSONValue = [
                "is_finished": true, "event_type": "stream-end",
                "finish_reason": .string(StopReasons.cohere(collector.stopReason)), "response": body,
            ]
            out.append(InvokeChunks.withMetrics(end, usage, metrics))
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
}
