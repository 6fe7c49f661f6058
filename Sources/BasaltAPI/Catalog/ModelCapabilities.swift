/// What a model supports through Converse (the "supported models and model features" table of the Bedrock
/// user guide). The API layer validates requests against these flags instead of branching on model names.
public struct ModelCapabilities: OptionSet, Sendable, Hashable {
    /// Raw bits.
    public let rawValue: UInt16
    /// Creates a set from raw bits.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `toolConfig` accepted (else "This model doesn't support tool use.").
    public static let toolUse = ModelCapabilities(rawValue: 1 << 0)
    /// Tool use in ConverseStream (else "This model doesn't support tool use in streaming mode.").
    public static let streamingToolUse = ModelCapabilities(rawValue: 1 << 1)
    /// `toolChoice.any` / `toolChoice.tool` accepted (`auto` is always accepted with tools).
    public static let toolChoiceAnyOrTool = ModelCapabilities(rawValue: 1 << 2)
    /// Image content blocks accepted.
    public static let vision = ModelCapabilities(rawValue: 1 << 3)
    /// Document content blocks accepted.
    public static let documents = ModelCapabilities(rawValue: 1 << 4)
    /// `system` prompts accepted.
    public static let systemPrompt = ModelCapabilities(rawValue: 1 << 5)
    /// A trailing assistant message is continued (prefill).
    public static let prefill = ModelCapabilities(rawValue: 1 << 6)
    /// Video content blocks accepted.
    public static let videoInput = ModelCapabilities(rawValue: 1 << 7)
    /// Reasoning content (extended thinking / reasoning text) can be produced.
    public static let reasoning = ModelCapabilities(rawValue: 1 << 8)

    /// Nothing supported (embedding / image models).
    public static let none: ModelCapabilities = []
    /// System prompt and documents: the baseline of a chat model without tools.
    public static let chat: ModelCapabilities = [.systemPrompt, .documents]
    /// Chat plus non-streaming tool use.
    public static let chatTools: ModelCapabilities = [.systemPrompt, .documents, .toolUse]
    /// Chat plus tool use in both modes.
    public static let chatStreamingTools: ModelCapabilities = [.systemPrompt, .documents, .toolUse, .streamingToolUse]
    /// Claude 3 and later: everything Converse offers for text + images.
    public static let claude: ModelCapabilities = [
        .systemPrompt, .documents, .toolUse, .streamingToolUse, .toolChoiceAnyOrTool, .vision, .prefill,
    ]
    /// Nova understanding models (Micro drops vision/video).
    public static let nova: ModelCapabilities = [
        .systemPrompt, .documents, .toolUse, .streamingToolUse, .toolChoiceAnyOrTool, .vision, .videoInput,
    ]
}
