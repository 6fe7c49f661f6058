import BasaltCore

/// A model's chat template (`tokenizer.chat_template`): a Jinja subset rendered the way Hugging Face's
/// `apply_chat_template` does (trim_blocks, lstrip_blocks, loop controls, `tojson` as `json.dumps`).
public struct ChatTemplate: Sendable {
    /// The template text.
    public let source: String
    /// Value of the template's `bos_token` variable.
    public let bosToken: String
    /// Value of the template's `eos_token` variable.
    public let eosToken: String
    private let nodes: [JinjaNode]

    /// Parses the template; throws `JinjaError` (kind `.syntax`) for source outside the supported subset.
    public init(source: String, bosToken: String = "", eosToken: String = "") throws {
        self.source = source
        self.bosToken = bosToken
        self.eosToken = eosToken
        self.nodes = try JinjaParser.parse(source)
    }

    /// Whether the template reads a `tools` variable (so tool definitions go to the template, not the prompt).
    public var usesTools: Bool { source.contains("tools") }

    /// Whether the template renders messages with role `tool` (tool results) itself.
    public var handlesToolRole: Bool {
        source.contains("'tool'") || source.contains("\"tool\"")
    }

    /// Renders a conversation. `messages` are Hugging Face style objects (`role`, `content`, `tool_calls`…);
    /// `tools` is nil when the request has none (the template then sees `tools = none`); `variables` adds or
    /// overrides template variables (e.g. `date_string`). Throws `JinjaError`; kind `.raised` when the template
    /// itself rejects the conversation via `raise_exception`.
    public func render(
        messages: [JSONValue], tools: [JSONValue]? = nil, addGenerationPrompt: Bool,
        variables: [String: JSONValue] = [:]
    ) throws -> String {
        var globals: [String: JinjaValue] = [
            "messages": .array(messages.map(JinjaValue.init)),
            "tools": tools.map { .array($0.map(JinjaValue.init)) } ?? .none,
            "add_generation_prompt": .bool(addGenerationPrompt),
            "bos_token": .string(bosToken),
            "eos_token": .string(eosToken),
        ]
        for (k, v) in variables { globals[k] = JinjaValue(v) }
        return try JinjaInterpreter(globals: globals).render(nodes)
    }
}
