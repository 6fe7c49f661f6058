import BasaltCore
import BasaltWire

/// AI21 Jurassic-2 (`prompt`, `maxTokens`, `topP`, `stopSequences`, penalties; camelCase) (§8.7). No streaming.
struct AI21J2Translator: InvokeTranslator {
    var family: ModelFamily { .ai21J2 }
    static let penaltyKeys: Set<String> = [
        "scale", "applyToWhitespaces", "applyToPunctuations", "applyToNumbers", "applyToStopwords", "applyToEmojis",
    ]

    func decode(body: JSONValue, modelId: String) throws(AWSError) -> InvokeInput {
        let o = try PromptInputs.root(body, style: .summary)
        var s = SchemaReader()
        s.keys(o, "#", required: ["prompt"], allowed: [
            "prompt", "maxTokens", "minTokens", "temperature", "topP", "stopSequences", "countPenalty",
            "presencePenalty", "frequencyPenalty", "numResults", "topKReturn",
        ])
        let prompt = s.string(o["prompt"], "#/prompt")
        var p = GenerationParameters()
        p.maxTokens = s.integer(o["maxTokens"], "#/maxTokens", min: 1, max: 8191)
        _ = s.integer(o["minTokens"], "#/minTokens", min: 0)
        p.temperature = s.number(o["temperature"], "#/temperature", min: 0, max: 1)
        p.topP = s.number(o["topP"], "#/topP", min: 0, max: 1)
        p.stopSequences = s.strings(o["stopSequences"], "#/stopSequences")
        var notes: [String] = []
        for key in ["countPenalty", "presencePenalty", "frequencyPenalty"] {
            guard let pen = s.object(o[key], "#/\(key)") else { continue }
            s.keys(pen, "#/\(key)", required: ["scale"], allowed: Self.penaltyKeys)
            if let scale = s.number(pen["scale"], "#/\(key)/scale", min: 0), scale != 0 { notes.append("\(key) is ignored") }
        }
        if let n = s.integer(o["numResults"], "#/numResults", min: 1, max: 16), n > 1 {
            notes.append("numResults > 1 is not supported; one completion is returned")
        }
        _ = s.integer(o["topKReturn"], "#/topKReturn", min: 0, max: 64)
        try s.check(style: .summary)
        return PromptInputs.make(
            prompt: prompt ?? "", modelId: modelId, preferring: .plain, parameters: p, body: o, diagnostics: notes)
    }

    /// `id` is the constant `1234` real Bedrock returns for Jurassic-2 (seed 002). Token lists are empty: the
    /// per-token detail (`generatedToken`, `textRange`) is not produced by the backend.
    func response(_ c: ResponseCollector, context: InvokeContext) -> JSONValue {
        var reason = JSONObject()
        switch c.stopReason {
        case .maxTokens, .modelContextWindowExceeded:
            reason["reason"] = "length"
            reason["length"] = PromptInputs.int(context.input.request.parameters.maxTokens ?? c.usage.outputTokens)
        case .stopSequence:
            reason["reason"] = "stop"
            if let seq = c.stopSequence { reason["sequence"] = .string(seq) }
        default:
            reason["reason"] = "endoftext"
        }
        return [
            "id": 1234,
            "prompt": ["text": context.input.body["prompt"] ?? "", "tokens": []],
            "completions": [["data": ["text": .string(c.text), "tokens": []], "finishReason": .object(reason)]],
        ]
    }

    func streamEncoder(context: InvokeContext) -> (any InvokeStreamEncoder)? { nil }
}
