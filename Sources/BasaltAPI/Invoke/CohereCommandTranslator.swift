import BasaltCore
import BasaltWire

/// Cohere Command / Command Light generation (`prompt`, `p`, `k`, `max_tokens`, `stream`) (§8.5, §6.5).
struct CohereCommandTranslator: TextCompletionFamily {
    var family: ModelFamily { .cohereCommand }

    func decode(body: JSONValue, modelId: String) throws(AWSError) -> InvokeInput {
        let o = try PromptInputs.root(body, style: .summary)
        var s = SchemaReader()
        s.keys(o, "#", required: ["prompt"], allowed: [
            "prompt", "temperature", "p", "k", "max_tokens", "stop_sequences", "return_likelihoods", "stream",
            "num_generations", "logit_bias", "truncate",
        ])
        let prompt = s.string(o["prompt"], "#/prompt")
        var p = GenerationParameters()
        p.temperature = s.number(o["temperature"], "#/temperature", min: 0, max: 5)
        p.topP = s.number(o["p"], "#/p", min: 0, max: 1)
        p.topK = s.integer(o["k"], "#/k", min: 0, max: 500)
        p.maxTokens = s.integer(o["max_tokens"], "#/max_tokens", min: 1, max: 4096)
        p.stopSequences = s.strings(o["stop_sequences"], "#/stop_sequences")
        var notes: [String] = []
        if s.string(o["return_likelihoods"], "#/return_likelihoods", oneOf: ["GENERATION", "ALL", "NONE"]) != nil {
            notes.append("return_likelihoods is not supported; likelihoods are omitted")
        }
        _ = s.bool(o["stream"], "#/stream")
        if let n = s.integer(o["num_generations"], "#/num_generations", min: 1, max: 5), n > 1 {
            notes.append("num_generations > 1 is not supported; one generation is returned")
        }
        if s.object(o["logit_bias"], "#/logit_bias") != nil { notes.append("logit_bias is ignored") }
        _ = s.string(o["truncate"], "#/truncate", oneOf: ["NONE", "START", "END"])
        try s.check(style: .summary)
        return PromptInputs.make(
            prompt: prompt ?? "", modelId: modelId, preferring: .plain, parameters: p, body: o, diagnostics: notes)
    }

    func body(text: String, reason: StopReason, context: InvokeContext) -> JSONValue {
        [
            "id": .string(context.requestId),
            "generations": [[
                "id": .string(context.requestId + "-0"),
                "text": .string(text),
                "finish_reason": .string(StopReasons.cohere(reason)),
            ]],
            "prompt": context.input.body["prompt"] ?? "",
        ]
    }

    func response(_ c: ResponseCollector, context: InvokeContext) -> JSONValue {
        body(text: c.text, reason: c.stopReason, context: context)
    }

    func deltaChunk(_ text: String, _ p: TextStreamProgress, context: InvokeContext) -> JSONValue {
        ["text": .string(text), "is_finished": false]
    }

    func finalChunk(_ p: TextStreamProgress, context: InvokeContext) -> JSONValue {
        [
            "is_finished": true,
            "finish_reason": .string(StopReasons.cohere(p.stopReason)),
            "response": body(text: p.text, reason: p.stopReason, context: context),
        ]
    }
}
