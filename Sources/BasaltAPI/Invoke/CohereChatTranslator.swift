import BasaltCore
import BasaltWire

/// Cohere Command R / R+ chat (`message`, `chat_history`, `preamble`, `documents`, `tools`, `tool_results`)
/// (§8.6, §6.5).
struct CohereChatTranslator: InvokeTranslator {
    var family: ModelFamily { .cohereCommandR }
    static let rootKeys: Set<String> = [
        "message", "chat_history", "documents", "search_queries_only", "preamble", "max_tokens", "temperature", "p",
        "k", "prompt_truncation", "frequency_penalty", "presence_penalty", "seed", "return_prompt", "tools",
        "tool_results", "stop_sequences", "raw_prompting",
    ]

    func decode(body: JSONValue, modelId: String) throws(AWSError) -> InvokeInput {
        let o = try PromptInputs.root(body, style: .summary)
        var s = SchemaReader()
        var notes: [String] = []
        s.keys(o, "#", required: ["message"], allowed: Self.rootKeys)
        var r = GenerationRequest(modelId: modelId, messages: [])
        r.parameters.maxTokens = s.integer(o["max_tokens"], "#/max_tokens", min: 1)
        r.parameters.temperature = s.number(o["temperature"], "#/temperature", min: 0, max: 1)
        r.parameters.topP = s.number(o["p"], "#/p", min: 0.01, max: 0.99)
        r.parameters.topK = s.number(o["k"], "#/k", min: 0, max: 500).map { Int($0) }
        r.parameters.stopSequences = s.strings(o["stop_sequences"], "#/stop_sequences")
        r.parameters.seed = s.integer(o["seed"], "#/seed", min: 0).map(UInt64.init)
        _ = s.number(o["frequency_penalty"], "#/frequency_penalty", min: 0, max: 1)
        _ = s.number(o["presence_penalty"], "#/presence_penalty", min: 0, max: 1)
        _ = s.string(o["prompt_truncation"], "#/prompt_truncation", oneOf: ["OFF", "AUTO_PRESERVE_ORDER"])
        for key in ["search_queries_only", "return_prompt", "raw_prompting"] where s.bool(o[key], "#/\(key)") == true {
            notes.append("\(key) is not supported")
        }
        if let preamble = s.string(o["preamble"], "#/preamble") { r.system.append(preamble) }
        for (i, h) in (s.array(o["chat_history"], "#/chat_history") ?? []).enumerated() {
            let at = "#/chat_history/\(i)"
            guard let turn = s.object(h, at) else { continue }
            s.keys(turn, at, required: ["role"], allowed: ["role", "message", "tool_calls", "tool_results"])
            let role = s.string(turn["role"], "\(at)/role", oneOf: ["USER", "CHATBOT", "SYSTEM", "TOOL"])
            let text = s.string(turn["message"], "\(at)/message") ?? ""
            switch role {
            case "SYSTEM": r.system.append(text)
            case "CHATBOT": append(.assistant, [.text(text)], to: &r)
            case "USER", "TOOL": append(.user, [.text(text)], to: &r)
            default: break
            }
        }
        for (i, t) in (s.array(o["tools"], "#/tools") ?? []).enumerated() {
            if let tool = decodeTool(t, "#/tools/\(i)", reader: &s) { r.tools.append(tool) }
        }
        decodeToolResults(o["tool_results"], into: &r, reader: &s)
        var current: [ContentBlock] = []
        for (i, d) in (s.array(o["documents"], "#/documents") ?? []).enumerated() {
            guard let doc = s.object(d, "#/documents/\(i)") else { continue }
            let text = doc.compactMap { k, v in v.stringValue.map { "\(k): \($0)" } }.joined(separator: "\n")
            current.append(.document(DocumentBlock(name: doc["title"]?.stringValue ?? "doc_\(i)", format: "txt", text: text)))
        }
        if let message = s.string(o["message"], "#/message"), !message.isEmpty { current.append(.text(message)) }
        if !current.isEmpty { append(.user, current, to: &r) }
        try s.check(style: .summary)
        return InvokeInput(request: r, body: PromptInputs.echo(o), diagnostics: notes)
    }

    func append(_ role: Role, _ blocks: [ContentBlock], to r: inout GenerationRequest) {
        if let last = r.messages.last, last.role == role {
            r.messages[r.messages.count - 1].content += blocks
        } else {
            r.messages.append(Message(role: role, content: blocks))
        }
    }

    /// `parameter_definitions` → JSON Schema (`str`/`int`/`float`/`bool`/`list`/`dict` mapped to schema types).
    func decodeTool(_ v: JSONValue, _ at: String, reader s: inout SchemaReader) -> ToolSpec? {
        guard let o = s.object(v, at) else { return nil }
        s.keys(o, at, required: ["name", "description"], allowed: ["name", "description", "parameter_definitions"])
        let name = s.string(o["name"], "\(at)/name")
        let description = s.string(o["description"], "\(at)/description")
        var properties = JSONObject()
        var required: [JSONValue] = []
        for (param, def) in s.object(o["parameter_definitions"], "\(at)/parameter_definitions") ?? JSONObject() {
            let p = "\(at)/parameter_definitions/\(param)"
            guard let d = s.object(def, p) else { continue }
            s.keys(d, p, required: ["type"], allowed: ["type", "description", "required"])
            var prop = JSONObject([("type", .string(Self.schemaType(s.string(d["type"], "\(p)/type") ?? "str")))])
            if let desc = s.string(d["description"], "\(p)/description") { prop["description"] = .string(desc) }
            if s.bool(d["required"], "\(p)/required") == true { required.append(.string(param)) }
            properties[param] = .object(prop)
        }
        guard let name else { return nil }
        var schema = JSONObject([("type", "object"), ("properties", .object(properties))])
        if !required.isEmpty { schema["required"] = .array(required) }
        return ToolSpec(name: name, description: description, inputSchema: .object(schema))
    }

    static func schemaType(_ cohere: String) -> String {
        switch cohere.lowercased() {
        case "str", "string": "string"
        case "int", "integer": "integer"
        case "float", "number": "number"
        case "bool", "boolean": "boolean"
        case "list", "array": "array"
        case "dict", "object": "object"
        default: "string"
        }
    }

    /// Results of the previous turn's tool calls: an assistant turn calling the tools, then a user turn with results.
    func decodeToolResults(_ v: JSONValue?, into r: inout GenerationRequest, reader s: inout SchemaReader) {
        guard let list = s.array(v, "#/tool_results"), !list.isEmpty else { return }
        var uses: [ContentBlock] = []
        var results: [ContentBlock] = []
        for (i, item) in list.enumerated() {
            let at = "#/tool_results/\(i)"
            guard let o = s.object(item, at) else { continue }
            s.keys(o, at, required: ["call", "outputs"], allowed: ["call", "outputs"])
            guard let call = s.object(o["call"], "\(at)/call") else { continue }
            s.keys(call, "\(at)/call", required: ["name"], allowed: ["name", "parameters", "generation_id"])
            let name = s.string(call["name"], "\(at)/call/name") ?? ""
            let id = "cohere_call_\(i)"
            uses.append(.toolUse(ToolUse(id: id, name: name, input: call["parameters"] ?? [:])))
            let outputs = (s.array(o["outputs"], "\(at)/outputs") ?? []).map(ToolResult.Content.json)
            results.append(.toolResult(ToolResult(toolUseId: id, content: outputs)))
        }
        append(.assistant, uses, to: &r)
        append(.user, results, to: &r)
    }

    func streamEncoder(context: InvokeContext) -> (any InvokeStreamEncoder)? { CohereChatStreamEncoder(context: context) }
}
