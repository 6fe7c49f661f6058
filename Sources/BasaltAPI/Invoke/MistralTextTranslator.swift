import BasaltCore
import BasaltWire

/// Mistral text completion (`prompt`, `max_tokens`, `stop`, `temperature`, `top_p`, `top_k`) (§8.4, §6.4).
struct MistralTextTranslator: TextCompletionFamily {
    var family: ModelFamily { .mistralText }

    func decode(body: JSONValue, modelId: String) throws(AWSError) -> InvokeInput {
        let o = try PromptInputs.root(body, style: .summary)
        var s = SchemaReader()
        s.keys(o, "#", required: ["prompt"], allowed: ["prompt", "max_tokens", "stop", "temperature", "top_p", "top_k"])
        let prompt = s.string(o["prompt"], "#/prompt")
        var p = GenerationParameters()
        p.maxTokens = s.integer(o["max_tokens"], "#/max_tokens", min: 1)
        p.stopSequences = s.strings(o["stop"], "#/stop", maxItems: 10)
        p.temperature = s.number(o["temperature"], "#/temperature", min: 0, max: 1)
        p.topP = s.number(o["top_p"], "#/top_p", min: 0, max: 1)
        p.topK = s.integer(o["top_k"], "#/top_k", min: 1, max: 200)
        try s.check(style: .summary)
        return PromptInputs.make(prompt: prompt ?? "", modelId: modelId, preferring: .mistral, parameters: p, body: o)
    }

    func response(_ c: ResponseCollector, context: InvokeContext) -> JSONValue {
        ["outputs": [["text": .string(c.text), "stop_reason": .string(StopReasons.stopOrLength(c.stopReason))]]]
    }

    func deltaChunk(_ text: String, _ p: TextStreamProgress, context: InvokeContext) -> JSONValue {
        ["outputs": [["text": .string(text), "stop_reason": .null]]]
    }

    func finalChunk(_ p: TextStreamProgress, context: InvokeContext) -> JSONValue {
        ["outputs": [["text": "", "stop_reason": .string(StopReasons.stopOrLength(p.stopReason))]]]
    }
}
