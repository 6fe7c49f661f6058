import BasaltCore
import BasaltWire

/// OpenAI-style chat bodies (`messages`, `tools`, `tool_choice`, `max_tokens`): OpenAI gpt-oss and Writer
/// (chat-completions responses), AI21 Jamba (§8.7) and Mistral chat completion (§8.4, `stop_reason` responses).
struct ChatCompletionsTranslator: InvokeTranslator {
    /// Response and validation differences between the providers that share this body.
    enum Dialect: Sendable { case openAI, jamba, mistral }

    let family: ModelFamily
    let dialect: Dialect

    var allowedKeys: Set<String> {
        switch dialect {
        case .openAI:
            ["messages", "max_tokens", "max_completion_tokens", "temperature", "top_p", "stop", "n", "seed",
             "frequency_penalty", "presence_penalty", "tools", "tool_choice", "response_format", "reasoning_effort",
             "stream", "stream_options", "parallel_tool_calls"]
        case .jamba:
            ["messages", "max_tokens", "temperature", "top_p", "stop", "n", "frequency_penalty", "presence_penalty",
             "tools", "response_format", "documents"]
        case .mistral:
            ["messages", "prompt", "max_tokens", "temperature", "top_p", "stop", "random_seed", "tools", "tool_choice",
             "response_format", "safe_prompt"]
        }
    }

    var roles: [String] {
        dialect == .openAI ? ["system", "developer", "user", "assistant", "tool"] : ["system", "user", "assistant", "tool"]
    }

    func decode(body: JSONValue, modelId: String) throws(AWSError) -> InvokeInput {
        let o = try PromptInputs.root(body, style: .summary)
        var s = SchemaReader()
        var notes: [String] = []
        // Mistral chat models also take a raw `prompt`.
        let usesPrompt = dialect == .mistral && o["prompt"] != nil && o["messages"] == nil
        s.keys(o, "#", required: usesPrompt ? ["prompt"] : ["messages"], allowed: allowedKeys)
        var p = GenerationParameters()
        p.maxTokens = s.integer(o["max_completion_tokens"], "#/max_completion_tokens", min: 1)
            ?? s.integer(o["max_tokens"], "#/max_tokens", min: 1)
        p.temperature = s.number(o["temperature"], "#/temperature", min: 0, max: dialect == .mistral ? 1 : 2)
        p.topP = s.number(o["top_p"], "#/top_p", min: 0, max: 1)
        if case .string(let stop)? = o["stop"] { p.stopSequences = [stop] } else { p.stopSequences = s.strings(o["stop"], "#/stop") }
        if let seed = s.integer(o["seed"] ?? o["random_seed"], o["seed"] != nil ? "#/seed" : "#/random_seed", min: 0) {
            p.seed = UInt64(seed)
        }
        _ = s.number(o["frequency_penalty"], "#/frequency_penalty", min: -2, max: 2)
        _ = s.number(o["presence_penalty"], "#/presence_penalty", min: -2, max: 2)
        if let n = s.integer(o["n"], "#/n", min: 1, max: 16), n > 1 {
            notes.append("n > 1 is not supported; one choice is returned")
        }
        if o["response_format"] != nil { notes.append("response_format is not enforced") }
        if usesPrompt {
            let prompt = s.string(o["prompt"], "#/prompt") ?? ""
            try s.check(style: .summary)
            return PromptInputs.make(
                prompt: prompt, modelId: modelId, preferring: .mistral, parameters: p, body: o, diagnostics: notes)
        }
        var request = GenerationRequest(modelId: modelId, messages: [], parameters: p)
        for (i, m) in (s.array(o["messages"], "#/messages", minItems: 1) ?? []).enumerated() {
            decodeMessage(m, "#/messages/\(i)", into: &request, reader: &s)
        }
        for (i, t) in (s.array(o["tools"], "#/tools") ?? []).enumerated() {
            if let tool = decodeTool(t, "#/tools/\(i)", reader: &s) { request.tools.append(tool) }
        }
        decodeToolChoice(o["tool_choice"], into: &request, reader: &s, notes: &notes)
        try s.check(style: .summary)
        return InvokeInput(request: request, body: PromptInputs.echo(o), diagnostics: notes)
    }

    func decodeMessage(_ v: JSONValue, _ at: String, into r: inout GenerationRequest, reader s: inout SchemaReader) {
        guard let o = s.object(v, at) else { return }
        s.keys(o, at, required: ["role"], allowed: ["role", "content", "name", "tool_calls", "tool_call_id", "prefix"])
        let role = s.string(o["role"], "\(at)/role", oneOf: roles)
        var blocks: [ContentBlock] = []
        switch o["content"] {
        case .string(let t)?: if !t.isEmpty { blocks.append(.text(t)) }
        case .null?, nil: break
        case let parts?:
            for (i, part) in (s.array(parts, "\(at)/content") ?? []).enumerated() {
                if let b = decodePart(part, "\(at)/content/\(i)", reader: &s) { blocks.append(b) }
            }
        }
        switch role {
        case "system", "developer":
            r.system.append(blocks.compactMap { if case .text(let t) = $0 { t } else { nil } }.joined(separator: "\n"))
        case "assistant":
            for (i, call) in (s.array(o["tool_calls"], "\(at)/tool_calls") ?? []).enumerated() {
                if let use = decodeToolCall(call, "\(at)/tool_calls/\(i)", reader: &s) { blocks.append(.toolUse(use)) }
            }
            append(.assistant, blocks, to: &r)
        case "tool":
            if o["tool_call_id"] == nil { s.fail(at, "required key [tool_call_id] not found") }
            let id = s.string(o["tool_call_id"], "\(at)/tool_call_id") ?? ""
            let content = blocks.compactMap { b -> ToolResult.Content? in if case .text(let t) = b { .text(t) } else { nil } }
            append(.user, [.toolResult(ToolResult(toolUseId: id, content: content))], to: &r)
        case "user":
            append(.user, blocks, to: &r)
        default:
            break
        }
    }

    /// Appends a turn, merging it into the previous message when the role repeats (tool results, then user text).
    func append(_ role: Role, _ blocks: [ContentBlock], to r: inout GenerationRequest) {
        if let last = r.messages.last, last.role == role {
            r.messages[r.messages.count - 1].content += blocks
        } else {
            r.messages.append(Message(role: role, content: blocks))
        }
    }

    func decodePart(_ v: JSONValue, _ at: String, reader s: inout SchemaReader) -> ContentBlock? {
        guard let o = s.object(v, at) else { return nil }
        switch s.string(o["type"], "\(at)/type", oneOf: ["text", "image_url"]) {
        case "text":
            s.keys(o, at, required: ["text"], allowed: ["type", "text"])
            return s.string(o["text"], "\(at)/text").map(ContentBlock.text)
        case "image_url":
            s.keys(o, at, required: ["image_url"], allowed: ["type", "image_url"])
            let url: String?
            if case .string(let u)? = o["image_url"] { url = u } else {
                url = s.object(o["image_url"], "\(at)/image_url").flatMap { s.string($0["url"], "\(at)/image_url/url") }
            }
            guard let url, url.hasPrefix("data:"), let comma = url.firstIndex(of: ","),
                let bytes = Base64.decode(url[url.index(after: comma)...]), let format = PromptInputs.imageFormat(bytes)
            else {
                s.fail("\(at)/image_url", "image_url must be a base64 data URL of a png, jpeg, gif or webp image")
                return nil
            }
            return .image(MediaBlock(format: format, bytes: bytes))
        default:
            if o["type"] == nil { s.fail(at, "required key [type] not found") }
            return nil
        }
    }

    func decodeToolCall(_ v: JSONValue, _ at: String, reader s: inout SchemaReader) -> ToolUse? {
        guard let o = s.object(v, at) else { return nil }
        s.keys(o, at, required: ["id", "function"], allowed: ["id", "type", "function", "index"])
        let id = s.string(o["id"], "\(at)/id")
        guard let f = s.object(o["function"], "\(at)/function") else { return nil }
        s.keys(f, "\(at)/function", required: ["name", "arguments"], allowed: ["name", "arguments"])
        let name = s.string(f["name"], "\(at)/function/name")
        let arguments = s.string(f["arguments"], "\(at)/function/arguments") ?? "{}"
        guard let id, let name else { return nil }
        let input = (try? JSONValue.parse(arguments.isEmpty ? "{}" : arguments)) ?? .string(arguments)
        return ToolUse(id: id, name: name, input: input)
    }

    func decodeTool(_ v: JSONValue, _ at: String, reader s: inout SchemaReader) -> ToolSpec? {
        guard let o = s.object(v, at) else { return nil }
        s.keys(o, at, required: ["function"], allowed: ["type", "function"])
        _ = s.string(o["type"], "\(at)/type", oneOf: ["function"])
        guard let f = s.object(o["function"], "\(at)/function") else { return nil }
        s.keys(f, "\(at)/function", required: ["name"], allowed: ["name", "description", "parameters", "strict"])
        let name = s.string(f["name"], "\(at)/function/name", minLength: 1, maxLength: 64)
        let description = s.string(f["description"], "\(at)/function/description")
        let parameters = s.object(f["parameters"], "\(at)/function/parameters") ?? JSONObject([("type", "object")])
        return name.map { ToolSpec(name: $0, description: description, inputSchema: .object(parameters)) }
    }

    func decodeToolChoice(
        _ v: JSONValue?, into r: inout GenerationRequest, reader s: inout SchemaReader, notes: inout [String]
    ) {
        guard let v else { return }
        if case .string(let choice) = v {
            switch s.string(v, "#/tool_choice", oneOf: ["auto", "any", "required", "none"]) {
            case "auto": r.toolChoice = .auto
            case "any", "required": r.toolChoice = .any
            case "none":
                r.tools = []
                notes.append("tool_choice \(choice): tools withheld from the model")
            default: break
            }
            return
        }
        guard let o = s.object(v, "#/tool_choice") else { return }
        s.keys(o, "#/tool_choice", required: ["function"], allowed: ["type", "function"])
        if let f = s.object(o["function"], "#/tool_choice/function"),
            let name = s.string(f["name"], "#/tool_choice/function/name")
        {
            r.toolChoice = .tool(name)
        }
    }

    func streamEncoder(context: InvokeContext) -> (any InvokeStreamEncoder)? {
        ChatCompletionsStreamEncoder(dialect: dialect, context: context)
    }
}
