import BasaltCore

/// Non-streaming responses of the OpenAI-style chat dialects.
extension ChatCompletionsTranslator {
    func response(_ c: ResponseCollector, context: InvokeContext) -> JSONValue {
        let calls = c.blocks.enumerated().compactMap { _, b -> ToolUse? in if case .toolUse(let u) = b { u } else { nil } }
        let text = c.text
        var message = JSONObject([("role", "assistant")])
        message["content"] = text.isEmpty && !calls.isEmpty ? .null : .string(text)
        if !calls.isEmpty { message["tool_calls"] = .array(calls.map { Self.toolCall($0, dialect: dialect) }) }
        let reason = JSONValue.string(StopReasons.openAI(c.stopReason))
        switch dialect {
        case .mistral:
            return ["choices": [["index": 0, "message": .object(message), "stop_reason": reason]]]
        case .jamba:
            return [
                "id": .string(context.requestId),
                "choices": [["index": 0, "message": .object(message), "finish_reason": reason]],
                "usage": Self.usage(c.usage),
            ]
        case .openAI:
            return [
                "id": .string(Self.completionId(context)),
                "object": "chat.completion",
                "created": PromptInputs.int(context.created),
                "model": .string(context.modelName),
                "choices": [["index": 0, "message": .object(message), "finish_reason": reason]],
                "usage": Self.usage(c.usage),
            ]
        }
    }

    static func completionId(_ context: InvokeContext) -> String { "chatcmpl-" + context.idSuffix(24) }

    static func usage(_ u: Usage) -> JSONValue {
        [
            "prompt_tokens": PromptInputs.int(u.inputTokens),
            "completion_tokens": PromptInputs.int(u.outputTokens),
            "total_tokens": PromptInputs.int(u.totalTokens),
        ]
    }

    /// `{"id", "type": "function", "function": {"name", "arguments": "<json text>"}}` (Mistral omits `type`).
    static func toolCall(_ u: ToolUse, dialect: Dialect) -> JSONValue {
        var o = JSONObject([("id", .string(u.id))])
        if dialect != .mistral { o["type"] = "function" }
        o["function"] = ["name": .string(u.name), "arguments": .string(u.input.serialized())]
        return .object(o)
    }
}
