import BasaltCore
import BasaltWire

/// Anthropic Claude Messages API body (`anthropic_version`, `max_tokens`, `messages`, `tools`, …) (§8.1, §6.1).
struct AnthropicMessagesTranslator: InvokeTranslator {
    var family: ModelFamily { .anthropicMessages }
    static let version = "bedrock-2023-05-31"
    static let rootKeys: Set<String> = [
        "anthropic_version", "anthropic_beta", "max_tokens", "system", "messages", "temperature", "top_p", "top_k",
        "stop_sequences", "tools", "tool_choice", "thinking",
    ]

    func decode(body: JSONValue, modelId: String) throws(AWSError) -> InvokeInput {
        let o = try PromptInputs.root(body, style: .allMessages)
        var s = SchemaReader()
        var notes: [String] = []
        s.keys(o, "#", required: ["anthropic_version", "max_tokens", "messages"], allowed: Self.rootKeys)
        _ = s.string(o["anthropic_version"], "#/anthropic_version", oneOf: [Self.version])
        var request = GenerationRequest(modelId: modelId, messages: [])
        request.parameters.maxTokens = s.integer(o["max_tokens"], "#/max_tokens", min: 1)
        request.parameters.temperature = s.number(o["temperature"], "#/temperature", min: 0, max: 1)
        request.parameters.topP = s.number(o["top_p"], "#/top_p", min: 0, max: 1)
        request.parameters.topK = s.integer(o["top_k"], "#/top_k", min: 0, max: 500)
        request.parameters.stopSequences = s.strings(o["stop_sequences"], "#/stop_sequences", maxItems: 8191)
        _ = s.strings(o["anthropic_beta"], "#/anthropic_beta")
        request.system = decodeSystem(o["system"], reader: &s)
        if let list = s.array(o["messages"], "#/messages", minItems: 1) {
            for (i, m) in list.enumerated() {
                if let message = decodeMessage(m, "#/messages/\(i)", reader: &s) { request.messages.append(message) }
            }
        }
        if let tools = s.array(o["tools"], "#/tools") {
            for (i, t) in tools.enumerated() {
                if let spec = decodeTool(t, "#/tools/\(i)", reader: &s, notes: &notes) { request.tools.append(spec) }
            }
        }
        if let choice = s.object(o["tool_choice"], "#/tool_choice") {
            s.keys(choice, "#/tool_choice", required: ["type"], allowed: ["type", "name", "disable_parallel_tool_use"])
            _ = s.bool(choice["disable_parallel_tool_use"], "#/tool_choice/disable_parallel_tool_use")
            switch s.string(choice["type"], "#/tool_choice/type", oneOf: ["auto", "any", "tool", "none"]) {
            case "auto": request.toolChoice = .auto
            case "any": request.toolChoice = .any
            case "tool":
                if choice["name"] == nil { s.fail("#/tool_choice", "required key [name] not found") }
                if let name = s.string(choice["name"], "#/tool_choice/name") { request.toolChoice = .tool(name) }
            case "none":
                request.tools = []
                notes.append("tool_choice none: tools withheld from the model")
            default: break
            }
        }
        if let thinking = s.object(o["thinking"], "#/thinking") {
            s.keys(thinking, "#/thinking", required: ["type"], allowed: ["type", "budget_tokens"])
            if s.string(thinking["type"], "#/thinking/type", oneOf: ["enabled", "disabled"]) == "enabled" {
                if thinking["budget_tokens"] == nil { s.fail("#/thinking", "required key [budget_tokens] not found") }
                notes.append("thinking budget is not enforced")
            }
            _ = s.integer(thinking["budget_tokens"], "#/thinking/budget_tokens", min: 1024)
        }
        try s.check(style: .allMessages)
        return InvokeInput(request: request, body: PromptInputs.echo(o), diagnostics: notes)
    }

    func decodeSystem(_ v: JSONValue?, reader s: inout SchemaReader) -> [String] {
        guard let v else { return [] }
        if case .string(let text) = v { return text.isEmpty ? [] : [text] }
        guard let list = s.array(v, "#/system") else { return [] }
        return list.enumerated().compactMap { i, b in
            let at = "#/system/\(i)"
            guard let o = s.object(b, at) else { return nil }
            s.keys(o, at, required: ["type", "text"], allowed: ["type", "text", "cache_control", "citations"])
            _ = s.string(o["type"], "\(at)/type", oneOf: ["text"])
            return s.string(o["text"], "\(at)/text")
        }
    }

    func decodeTool(_ v: JSONValue, _ at: String, reader s: inout SchemaReader, notes: inout [String]) -> ToolSpec? {
        guard let o = s.object(v, at) else { return nil }
        if let type = o["type"]?.stringValue, type != "custom" {
            notes.append("server tool \(type) is not available")
            return nil
        }
        s.keys(o, at, required: ["name", "input_schema"], allowed: ["type", "name", "description", "input_schema", "cache_control"])
        let name = s.string(o["name"], "\(at)/name", minLength: 1, maxLength: 64)
        let description = s.string(o["description"], "\(at)/description")
        let schema = s.object(o["input_schema"], "\(at)/input_schema")
        guard let name, let schema else { return nil }
        return ToolSpec(name: name, description: description, inputSchema: .object(schema))
    }

    // MARK: - Response

    func response(_ c: ResponseCollector, context: InvokeContext) -> JSONValue {
        [
            "id": .string(Self.messageId(context)),
            "type": "message",
            "role": "assistant",
            "model": .string(context.modelName),
            "content": .array(c.blocks.compactMap(Self.block)),
            "stop_reason": .string(StopReasons.anthropic(c.stopReason)),
            "stop_sequence": c.stopSequence.map(JSONValue.string) ?? .null,
            "usage": Self.usage(input: c.usage.inputTokens, output: c.usage.outputTokens),
        ]
    }

    static func messageId(_ context: InvokeContext) -> String { "msg_bdrk_" + context.idSuffix(24) }

    static func usage(input: Int, output: Int) -> JSONValue {
        [
            "input_tokens": PromptInputs.int(input), "output_tokens": PromptInputs.int(output),
            "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0,
        ]
    }

    static func block(_ b: ContentBlock) -> JSONValue? {
        switch b {
        case .text(let t), .guardContent(let t): ["type": "text", "text": .string(t)]
        case .toolUse(let u): ["type": "tool_use", "id": .string(u.id), "name": .string(u.name), "input": u.input]
        case .reasoning(let r): ["type": "thinking", "thinking": .string(r.text), "signature": .string(r.signature ?? "")]
        default: nil
        }
    }

    func streamEncoder(context: InvokeContext) -> (any InvokeStreamEncoder)? {
        AnthropicStreamEncoder(context: context)
    }
}
