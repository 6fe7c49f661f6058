import BasaltCore
import BasaltWire

/// Amazon Nova understanding models (`schemaVersion: messages-v1`, Converse-like `messages`, `inferenceConfig`,
/// `toolConfig`) (§8.9, §6.7).
struct NovaTranslator: InvokeTranslator {
    var family: ModelFamily { .nova }

    func decode(body: JSONValue, modelId: String) throws(AWSError) -> InvokeInput {
        let o = try PromptInputs.root(body, style: .summary)
        var s = SchemaReader()
        s.keys(o, "#", required: ["messages"],
               allowed: ["schemaVersion", "system", "messages", "inferenceConfig", "toolConfig"])
        _ = s.string(o["schemaVersion"], "#/schemaVersion", oneOf: ["messages-v1"])
        var request = GenerationRequest(modelId: modelId, messages: [])
        for (i, b) in (s.array(o["system"], "#/system") ?? []).enumerated() {
            guard let sys = s.object(b, "#/system/\(i)") else { continue }
            s.keys(sys, "#/system/\(i)", required: [], allowed: ["text", "cachePoint"])
            if let t = s.string(sys["text"], "#/system/\(i)/text") { request.system.append(t) }
        }
        for (i, m) in (s.array(o["messages"], "#/messages", minItems: 1) ?? []).enumerated() {
            if let message = decodeMessage(m, "#/messages/\(i)", reader: &s) { request.messages.append(message) }
        }
        if let c = s.object(o["inferenceConfig"], "#/inferenceConfig") {
            decodeInferenceConfig(c, into: &request.parameters, reader: &s)
        }
        if let tc = s.object(o["toolConfig"], "#/toolConfig") { decodeToolConfig(tc, into: &request, reader: &s) }
        try s.check(style: .summary)
        return InvokeInput(request: request, body: PromptInputs.echo(o))
    }

    func decodeInferenceConfig(_ c: JSONObject, into p: inout GenerationParameters, reader s: inout SchemaReader) {
        let at = "#/inferenceConfig"
        s.keys(c, at, required: [], allowed: [
            "maxTokens", "max_new_tokens", "temperature", "topP", "top_p", "topK", "top_k", "stopSequences",
            "reasoningConfig",
        ])
        p.maxTokens = s.integer(c["maxTokens"], "\(at)/maxTokens", min: 1)
            ?? s.integer(c["max_new_tokens"], "\(at)/max_new_tokens", min: 1)
        p.temperature = s.number(c["temperature"], "\(at)/temperature", min: 0, max: 1)
        p.topP = s.number(c["topP"], "\(at)/topP", min: 0, max: 1) ?? s.number(c["top_p"], "\(at)/top_p", min: 0, max: 1)
        p.topK = s.integer(c["topK"], "\(at)/topK", min: 0, max: 128) ?? s.integer(c["top_k"], "\(at)/top_k", min: 0, max: 128)
        p.stopSequences = s.strings(c["stopSequences"], "\(at)/stopSequences", maxItems: 4)
        _ = s.object(c["reasoningConfig"], "\(at)/reasoningConfig")
    }

    func decodeToolConfig(_ tc: JSONObject, into r: inout GenerationRequest, reader s: inout SchemaReader) {
        let at = "#/toolConfig"
        s.keys(tc, at, required: ["tools"], allowed: ["tools", "toolChoice"])
        for (i, t) in (s.array(tc["tools"], "\(at)/tools", minItems: 1) ?? []).enumerated() {
            let p = "\(at)/tools/\(i)"
            guard let tool = s.object(t, p) else { continue }
            s.keys(tool, p, required: ["toolSpec"], allowed: ["toolSpec"])
            guard let spec = s.object(tool["toolSpec"], "\(p)/toolSpec") else { continue }
            s.keys(spec, "\(p)/toolSpec", required: ["name", "inputSchema"], allowed: ["name", "description", "inputSchema"])
            let name = s.string(spec["name"], "\(p)/toolSpec/name", minLength: 1, maxLength: 64)
            let description = s.string(spec["description"], "\(p)/toolSpec/description")
            guard let schema = s.object(spec["inputSchema"], "\(p)/toolSpec/inputSchema") else { continue }
            s.keys(schema, "\(p)/toolSpec/inputSchema", required: ["json"], allowed: ["json"])
            guard let json = s.object(schema["json"], "\(p)/toolSpec/inputSchema/json"), let name else { continue }
            r.tools.append(ToolSpec(name: name, description: description, inputSchema: .object(json)))
        }
        guard let choice = s.object(tc["toolChoice"], "\(at)/toolChoice") else { return }
        s.keys(choice, "\(at)/toolChoice", required: [], allowed: ["auto", "any", "tool"])
        if choice["auto"] != nil { r.toolChoice = .auto }
        if choice["any"] != nil { r.toolChoice = .any }
        if let tool = s.object(choice["tool"], "\(at)/toolChoice/tool") {
            s.keys(tool, "\(at)/toolChoice/tool", required: ["name"], allowed: ["name"])
            if let name = s.string(tool["name"], "\(at)/toolChoice/tool/name") { r.toolChoice = .tool(name) }
        }
    }

    // MARK: - Response

    func response(_ c: ResponseCollector, context: InvokeContext) -> JSONValue {
        [
            "output": ["message": ["role": "assistant", "content": .array(c.blocks.compactMap(Self.block))]],
            "stopReason": .string(StopReasons.nova(c.stopReason)),
            "usage": [
                "inputTokens": PromptInputs.int(c.usage.inputTokens),
                "outputTokens": PromptInputs.int(c.usage.outputTokens),
                "totalTokens": PromptInputs.int(c.usage.totalTokens),
                "cacheReadInputTokenCount": 0,
                "cacheWriteInputTokenCount": 0,
            ],
        ]
    }

    static func block(_ b: ContentBlock) -> JSONValue? {
        switch b {
        case .text(let t), .guardContent(let t): ["text": .string(t)]
        case .toolUse(let u): ["toolUse": ["toolUseId": .string(u.id), "name": .string(u.name), "input": u.input]]
        case .reasoning(let r): ["reasoningContent": ["reasoningText": ["text": .string(r.text)]]]
        default: nil
        }
    }

    func streamEncoder(context: InvokeContext) -> (any InvokeStreamEncoder)? { NovaStreamEncoder(context: context) }
}
