import BasaltCore
import BasaltWire

/// Amazon Titan Text (`inputText`, `textGenerationConfig`) (§8.8, §6.6).
struct TitanTextTranslator: TextCompletionFamily {
    var family: ModelFamily { .titanText }

    func decode(body: JSONValue, modelId: String) throws(AWSError) -> InvokeInput {
        let o = try PromptInputs.root(body, style: .bare)
        var s = SchemaReader()
        s.keys(o, "#", required: ["inputText"], allowed: ["inputText", "textGenerationConfig"])
        let prompt = s.string(o["inputText"], "#/inputText")
        var p = GenerationParameters()
        if let c = s.object(o["textGenerationConfig"], "#/textGenerationConfig") {
            let at = "#/textGenerationConfig"
            s.keys(c, at, required: [], allowed: ["temperature", "topP", "maxTokenCount", "stopSequences"])
            p.temperature = s.number(c["temperature"], "\(at)/temperature", min: 0, max: 1)
            p.topP = s.number(c["topP"], "\(at)/topP", min: 0, max: 1)
            p.maxTokens = s.integer(c["maxTokenCount"], "\(at)/maxTokenCount", min: 0, max: 8192)
            p.stopSequences = s.strings(c["stopSequences"], "\(at)/stopSequences")
        }
        try s.check(style: .bare)
        return PromptInputs.make(prompt: prompt ?? "", modelId: modelId, preferring: .titan, parameters: p, body: o)
    }

    func response(_ c: ResponseCollector, context: InvokeContext) -> JSONValue {
        [
            "inputTextTokenCount": PromptInputs.int(c.usage.inputTokens),
            "results": [[
                "tokenCount": PromptInputs.int(c.usage.outputTokens),
                "outputText": .string(c.text),
                "completionReason": .string(StopReasons.titan(c.stopReason)),
            ]],
        ]
    }

    func deltaChunk(_ text: String, _ p: TextStreamProgress, context: InvokeContext) -> JSONValue {
        [
            "index": 0,
            "inputTextTokenCount": context.promptTokens.map(PromptInputs.int) ?? .null,
            "totalOutputTextTokenCount": PromptInputs.int(p.chunks),
            "outputText": .string(text),
            "completionReason": .null,
        ]
    }

    func finalChunk(_ p: TextStreamProgress, context: InvokeContext) -> JSONValue {
        [
            "index": 0,
            "inputTextTokenCount": PromptInputs.int(p.usage?.inputTokens ?? context.promptTokens ?? 0),
            "totalOutputTextTokenCount": PromptInputs.int(p.outputTokens),
            "outputText": "",
            "completionReason": .string(StopReasons.titan(p.stopReason)),
        ]
    }
}
