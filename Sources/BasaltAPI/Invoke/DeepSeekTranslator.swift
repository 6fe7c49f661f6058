import BasaltCore
import BasaltWire

/// DeepSeek (`prompt`, `max_tokens`, `temperature`, `top_p`, `stop`; response `choices[{text, stop_reason}]`).
struct DeepSeekTranslator: TextCompletionFamily {
    var family: ModelFamily { .deepseek }

    func decode(body: JSONValue, modelId: String) throws(AWSError) -> InvokeInput {
        let o = try PromptInputs.root(body, style: .summary)
        var s = SchemaReader()
        s.keys(o, "#", required: ["prompt"], allowed: ["prompt", "max_tokens", "temperature", "top_p", "stop"])
        let prompt = s.string(o["prompt"], "#/prompt")
        var p = GenerationParameters()
        p.maxTokens = s.integer(o["max_tokens"], "#/max_tokens", min: 1, max: 32768)
        p.temperature = s.number(o["temperature"], "#/temperature", min: 0, max: 1)
        p.topP = s.number(o["top_p"], "#/top_p", min: 0, max: 1)
        p.stopSequences = s.strings(o["stop"], "#/stop", maxItems: 10)
        try s.check(style: .summary)
        return PromptInputs.make(prompt: prompt ?? "", modelId: modelId, preferring: .deepseek, parameters: p, body: o)
    }

    func response(_ c: ResponseCollector, context: InvokeContext) -> JSONValue {
        ["choices": [["text": .string(c.text), "stop_reason": .string(StopReasons.stopOrLength(c.stopReason))]]]
    }

    func deltaChunk(_ text: String, _ p: TextStreamProgress, context: InvokeContext) -> JSONValue {
        ["choices": [["text": .string(text), "stop_reason": .null]]]
    }

    func finalChunk(_ p: TextStreamProgress, context: InvokeContext) -> JSONValue {
        ["choices": [["text": "", "stop_reason": .string(StopReasons.stopOrLength(p.stopReason))]]]
    }
}
