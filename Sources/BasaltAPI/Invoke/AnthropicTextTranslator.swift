import BasaltCore
import BasaltWire

/// Anthropic legacy Text Completions (`prompt` with `\n\nHuman:` / `\n\nAssistant:` turns,
/// `max_tokens_to_sample`) (§8.2, §6.2).
struct AnthropicTextTranslator: TextCompletionFamily {
    var family: ModelFamily { .anthropicText }
    static let humanTurn = "\n\nHuman:"

    func decode(body: JSONValue, modelId: String) throws(AWSError) -> InvokeInput {
        let o = try PromptInputs.root(body, style: .allMessages)
        var s = SchemaReader()
        s.keys(o, "#", required: ["prompt", "max_tokens_to_sample"], allowed: [
            "prompt", "max_tokens_to_sample", "temperature", "top_k", "top_p", "stop_sequences", "anthropic_version",
        ])
        let prompt = s.string(o["prompt"], "#/prompt")
        var p = GenerationParameters()
        p.maxTokens = s.integer(o["max_tokens_to_sample"], "#/max_tokens_to_sample", min: 1)
        p.temperature = s.number(o["temperature"], "#/temperature", min: 0, max: 1)
        p.topK = s.integer(o["top_k"], "#/top_k", min: 0, max: 500)
        p.topP = s.number(o["top_p"], "#/top_p", min: 0, max: 1)
        p.stopSequences = s.strings(o["stop_sequences"], "#/stop_sequences")
        _ = s.string(o["anthropic_version"], "#/anthropic_version")
        try s.check(style: .allMessages)
        let text = prompt ?? ""
        // Anthropic's own prompt rules, relayed by Bedrock.
        if !text.contains(Self.humanTurn) {
            throw BedrockError.validation("Invalid prompt: prompt must start with \"\\n\\nHuman:\" turn")
        }
        if !text.trimmingSuffixWhitespace().hasSuffix("\n\nAssistant:") {
            throw BedrockError.validation("Invalid prompt: prompt must end with \"\\n\\nAssistant:\" turn")
        }
        // The legacy API always stops at the next human turn.
        if !p.stopSequences.contains(Self.humanTurn) { p.stopSequences.append(Self.humanTurn) }
        return PromptInputs.make(prompt: text, modelId: modelId, preferring: .anthropicText, parameters: p, body: o)
    }

    func reason(_ r: StopReason) -> String { r == .maxTokens ? "max_tokens" : "stop_sequence" }

    func response(_ c: ResponseCollector, context: InvokeContext) -> JSONValue {
        [
            "completion": .string(c.text),
            "stop_reason": .string(reason(c.stopReason)),
            "stop": c.stopSequence.map(JSONValue.string) ?? .null,
        ]
    }

    func deltaChunk(_ text: String, _ p: TextStreamProgress, context: InvokeContext) -> JSONValue {
        ["completion": .string(text), "stop_reason": .null, "stop": .null]
    }

    func finalChunk(_ p: TextStreamProgress, context: InvokeContext) -> JSONValue {
        ["completion": "", "stop_reason": .string(reason(p.stopReason)), "stop": p.stopSequence.map(JSONValue.string) ?? .null]
    }
}

extension String {
    func trimmingSuffixWhitespace() -> String {
        var s = Substring(self)
        while let last = s.last, last == " " { s.removeLast() }
        return String(s)
    }
}
