import BasaltCore

/// Turns a canonical `GenerationRequest` into the model's prompt through its `ChatTemplate`.
///
/// System blocks become the system message; documents become text of the user turn; tool definitions go to the
/// template's `tools` variable when it uses one, otherwise into the system prompt with instructions to answer in
/// the `<tool_call>` format, which is also how earlier tool calls are written back into the history. Tool
/// results become `tool` messages when the template renders that role, else `<tool_response>` user text.
public struct PromptRenderer: Sendable {
    /// Opening tag of a tool call in the text format.
    public static let toolCallOpen = "<tool_call>"
    /// Closing tag of a tool call in the text format.
    public static let toolCallClose = "</tool_call>"

    public let template: ChatTemplate
    /// Extra template variables (e.g. `date_string` for Llama 3.1).
    public var variables: [String: JSONValue]

    public init(template: ChatTemplate, variables: [String: JSONValue] = [:]) {
        self.template = template
        self.variables = variables
    }

    /// Renders the request. Throws `JinjaError` when the template rejects the conversation.
    public func render(_ request: GenerationRequest) throws -> RenderedPrompt {
        if let raw = request.rawPrompt { return RenderedPrompt(text: raw) }
        let nativeTools = template.usesTools && !request.tools.isEmpty
        var history = request.messages
        var prefill = ""
        if let last = history.last, last.role == .assistant {
            history.removeLast()
            prefill = Self.assistantText(last.content, nativeTools: false).text
        }
        var system = request.system.filter { !$0.isEmpty }.joined(separator: "\n\n")
        if !request.tools.isEmpty, !nativeTools {
            let instructions = Self.toolInstructions(request.tools, choice: request.toolChoice)
            system = system.isEmpty ? instructions : system + "\n\n" + instructions
        } else if nativeTools, case .tool(let name)? = request.toolChoice {
            let must = "You must call the tool \"\(name)\"."
            system = system.isEmpty ? must : system + "\n\n" + must
        }
        switch request.toolChoice {
        case .any?, .tool?: if !request.tools.isEmpty { prefill += Self.toolCallOpen + "\n" }
        default: break
        }
        let messages = conversation(history, nativeTools: nativeTools)
        let tools: [JSONValue]? = nativeTools ? request.tools.map(Self.toolJSON) : nil
        var withSystem = messages
        if !system.isEmpty { withSystem.insert(["role": "system", "content": .string(system)], at: 0) }
        let text: String
        do {
            text = try template.render(messages: withSystem, tools: tools, addGenerationPrompt: true, variables: variables)
        } catch let e as JinjaError where e.kind == .raised && !system.isEmpty {
            // Templates without a system role (Gemma): the system prompt leads the first user turn instead.
            text = try template.render(
                messages: Self.mergeSystem(system, into: messages), tools: tools, addGenerationPrompt: true,
                variables: variables)
        }
        return RenderedPrompt(text: text, prefill: prefill)
    }

    // MARK: - Messages

    private func conversation(_ history: [Message], nativeTools: Bool) -> [JSONValue] {
        var toolNames: [String: String] = [:]
        for m in history { for case .toolUse(let u) in m.content { toolNames[u.id] = u.name } }
        var out: [JSONValue] = []
        for m in history {
            switch m.role {
            case .assistant:
                let (text, calls) = Self.assistantText(m.content, nativeTools: nativeTools)
                var msg: JSONObject = JSONObject([("role", "assistant"), ("content", .string(text))])
                if !calls.isEmpty { msg["tool_calls"] = .array(calls) }
                out.append(.object(msg))
            case .user:
                var parts: [String] = []
                for block in m.content {
                    switch block {
                    case .text(let t), .guardContent(let t): parts.append(t)
                    case .document(let d): parts.append("<document name=\"\(d.name)\">\n\(d.text)\n</document>")
                    case .toolResult(let r):
                        if template.handlesToolRole {
                            out.append(.object(JSONObject([
                                ("role", "tool"), ("tool_call_id", .string(r.toolUseId)),
                                ("name", .string(toolNames[r.toolUseId] ?? "")), ("content", .string(r.text)),
                            ])))
                        } else {
                            parts.append("<tool_response>\n\(r.text)\n</tool_response>")
                        }
                    case .image, .video, .audio, .toolUse, .reasoning, .cachePoint: break
                    }
                }
                if !parts.isEmpty || !m.content.contains(where: { if case .toolResult = $0 { true } else { false } }) {
                    out.append(["role": "user", "content": .string(parts.joined(separator: "\n"))])
                }
            }
        }
        return out
    }

    /// Text of an assistant turn; tool calls either as `tool_calls` entries (native) or written in the text format.
    private static func assistantText(_ blocks: [ContentBlock], nativeTools: Bool) -> (text: String, calls: [JSONValue]) {
        var parts: [String] = []
        var calls: [JSONValue] = []
        for block in blocks {
            switch block {
            case .text(let t), .guardContent(let t): parts.append(t)
            case .toolUse(let u):
                if nativeTools {
                    calls.append(.object(JSONObject([
                        ("id", .string(u.id)), ("type", "function"),
                        ("function", .object(JSONObject([("name", .string(u.name)), ("arguments", u.input)]))),
                    ])))
                } else {
                    parts.append(toolCallText(name: u.name, arguments: u.input))
                }
            default: break
            }
        }
        return (parts.joined(separator: "\n"), calls)
    }

    /// `<tool_call>\n{"name": "NAME", "arguments": {...}}\n</tool_call>`
    public static func toolCallText(name: String, arguments: JSONValue) -> String {
        let call: JSONValue = .object(JSONObject([("name", .string(name)), ("arguments", arguments)]))
        return toolCallOpen + "\n" + JinjaValue(call).json() + "\n" + toolCallClose
    }

    static func toolJSON(_ t: ToolSpec) -> JSONValue {
        var fn = JSONObject([("name", .string(t.name))])
        if let d = t.description { fn["description"] = .string(d) }
        fn["parameters"] = t.inputSchema
        return .object(JSONObject([("type", "function"), ("function", .object(fn))]))
    }

    /// System-prompt text describing the tools and the exact call format, for templates without tool support.
    static func toolInstructions(_ tools: [ToolSpec], choice: ToolChoice?) -> String {
        var s = "# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
        s += "You are provided with function signatures within <tools></tools> XML tags:\n<tools>"
        for t in tools { s += "\n" + JinjaValue(toolJSON(t)).json() }
        s += "\n</tools>\n\nTo call a function, reply with one or more blocks in exactly this format:\n"
        s += toolCallOpen + "\n{\"name\": \"NAME\", \"arguments\": {...}}\n" + toolCallClose
        switch choice {
        case .any?: s += "\n\nYou must call at least one function."
        case .tool(let name)?: s += "\n\nYou must call the function \"\(name)\"."
        default: break
        }
        return s
    }

    private static func mergeSystem(_ system: String, into messages: [JSONValue]) -> [JSONValue] {
        var out = messages
        if let i = out.firstIndex(where: { $0["role"]?.stringValue == "user" }), case .object(var o) = out[i] {
            o["content"] = .string(system + "\n\n" + (o["content"]?.stringValue ?? ""))
            out[i] = .object(o)
        } else {
            out.insert(["role": "user", "content": .string(system)], at: 0)
        }
        return out
    }
}
