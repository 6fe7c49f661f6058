import BasaltCore

/// A prompt template a raw text-completion body may be written in.
public enum PromptFormat: String, Sendable, Hashable, CaseIterable {
    /// No recognised template: the whole text is one user message.
    case plain
    /// Llama 3 header ids: `<|start_header_id|>user<|end_header_id|>\n\n…<|eot_id|>`.
    case llama3
    /// Llama 2 chat: `<s>[INST] <<SYS>>\n…\n<</SYS>>\n\n… [/INST] … </s>`.
    case llama2
    /// Mistral instruct: `<s>[INST] … [/INST] …</s>`.
    case mistral
    /// Anthropic legacy text completions: `\n\nHuman: …\n\nAssistant:`.
    case anthropicText
    /// Titan text: `User: …\nBot:`.
    case titan
    /// DeepSeek: `<｜begin▁of▁sentence｜>…<｜User｜>…<｜Assistant｜>`.
    case deepseek
    /// ChatML: `<|im_start|>user\n…<|im_end|>`.
    case chatml
    /// OpenAI harmony (gpt-oss): `<|start|>user<|message|>…<|end|>`.
    case harmony
}

/// A raw prompt from a text-completion body and the template it was recognised in.
public struct RawPrompt: Sendable, Hashable {
    public var text: String
    public var template: PromptFormat
    public init(text: String, template: PromptFormat) {
        self.text = text
        self.template = template
    }
}

/// A raw prompt turned back into a conversation.
public struct ParsedPrompt: Sendable, Hashable {
    public var system: [String] = []
    public var messages: [Message] = []
    public init(system: [String] = [], messages: [Message] = []) {
        self.system = system
        self.messages = messages
    }

    /// Appends a turn; consecutive turns of one role merge into one message. Blank text is skipped.
    mutating func append(_ role: Role?, _ text: String) {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty else { return }
        guard let role else { system.append(t); return }
        if let last = messages.last, last.role == role {
            messages[messages.count - 1].content.append(.text(t))
        } else {
            messages.append(Message(role: role, content: [.text(t)]))
        }
    }
}

/// Parses one template's raw prompt back into system prompts and messages.
public protocol RawPromptParser: Sendable {
    /// The template this parser reads.
    var template: PromptFormat { get }
    /// The conversation, or nil when `text` is not written in this template.
    func parse(_ text: String) -> ParsedPrompt?
}

/// The registry of raw-prompt parsers.
public enum RawPrompts {
    /// Every parser, in detection order.
    public static let parsers: [any RawPromptParser] = [
        Llama3PromptParser(), ChatMLPromptParser(), HarmonyPromptParser(), DeepSeekPromptParser(),
        AnthropicTextPromptParser(), InstPromptParser(template: .llama2), InstPromptParser(template: .mistral),
        TitanPromptParser(),
    ]

    /// The parser of one template (nil for `.plain`).
    public static func parser(for template: PromptFormat) -> (any RawPromptParser)? {
        parsers.first { $0.template == template }
    }

    /// Parses `text`, trying the family's own template first, then every other template; text in no template is
    /// one user message (`.plain`).
    public static func parse(_ text: String, preferring preferred: PromptFormat) -> (RawPrompt, ParsedPrompt) {
        let order = (parser(for: preferred).map { [$0] } ?? []) + parsers.filter { $0.template != preferred }
        for p in order {
            if let parsed = p.parse(text), !parsed.messages.isEmpty {
                return (RawPrompt(text: text, template: p.template), parsed)
            }
        }
        var plain = ParsedPrompt()
        plain.messages = [Message(role: .user, content: [.text(text)])]
        return (RawPrompt(text: text, template: .plain), plain)
    }
}

extension String {
    /// Removes every occurrence of the given markers.
    func removing(_ markers: [String]) -> String {
        markers.reduce(self) { $0.replacingOccurrences(of: $1, with: "") }
    }
}
