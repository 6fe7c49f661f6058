import BasaltCore
import BasaltWire

/// Meta Llama 2 / Llama 3+ (`prompt`, `max_gen_len`, `temperature`, `top_p`; Llama 3.2 vision `images`) (§8.3, §6.3).
struct LlamaTranslator: TextCompletionFamily {
    let family: ModelFamily
    var template: PromptFormat { family == .metaLlama2 ? .llama2 : .llama3 }

    func decode(body: JSONValue, modelId: String) throws(AWSError) -> InvokeInput {
        let o = try PromptInputs.root(body, style: .summary)
        var s = SchemaReader()
        var allowed: Set<String> = ["prompt", "temperature", "top_p", "max_gen_len"]
        if family == .metaLlama3 { allowed.insert("images") }
        s.keys(o, "#", required: ["prompt"], allowed: allowed)
        let prompt = s.string(o["prompt"], "#/prompt")
        var p = GenerationParameters()
        p.temperature = s.number(o["temperature"], "#/temperature", min: 0, max: 1)
        p.topP = s.number(o["top_p"], "#/top_p", min: 0, max: 1)
        p.maxTokens = s.integer(o["max_gen_len"], "#/max_gen_len", min: 1, max: 2048)
        var images: [MediaBlock] = []
        if family == .metaLlama3, let list = s.array(o["images"], "#/images") {
            for (i, item) in list.enumerated() {
                guard let b64 = s.string(item, "#/images/\(i)") else { continue }
                guard let bytes = Base64.decode(b64), let format = PromptInputs.imageFormat(bytes) else {
                    s.fail("#/images/\(i)", "string is not a valid base64-encoded image")
                    continue
                }
                images.append(MediaBlock(format: format, bytes: bytes))
            }
        }
        try s.check(style: .summary)
        return PromptInputs.make(
            prompt: prompt ?? "", modelId: modelId, preferring: template, parameters: p, body: o, images: images)
    }

    func response(_ c: ResponseCollector, context: InvokeContext) -> JSONValue {
        [
            "generation": .string(c.text),
            "prompt_token_count": PromptInputs.int(c.usage.inputTokens),
            "generation_token_count": PromptInputs.int(c.usage.outputTokens),
            "stop_reason": .string(StopReasons.stopOrLength(c.stopReason)),
        ]
    }

    func deltaChunk(_ text: String, _ p: TextStreamProgress, context: InvokeContext) -> JSONValue {
        [
            "generation": .string(text),
            "prompt_token_count": p.chunks == 1 ? (context.promptTokens.map(PromptInputs.int) ?? .null) : .null,
            "generation_token_count": PromptInputs.int(p.chunks),
            "stop_reason": .null,
        ]
    }

    func finalChunk(_ p: TextStreamProgress, context: InvokeContext) -> JSONValue {
        [
            "generation": "",
            "prompt_token_count": p.chunks == 0 ? PromptInputs.int(p.usage?.inputTokens ?? 0) : .null,
            "generation_token_count": PromptInputs.int(p.outputTokens),
            "stop_reason": .string(StopReasons.stopOrLength(p.stopReason)),
        ]
    }
}
