import Foundation

/// Sampling and stopping parameters, after provider-specific names are mapped.
public struct GenerationParameters: Sendable, Hashable {
    /// Maximum tokens to generate; nil means the model's maximum.
    public var maxTokens: Int?
    public var temperature: Double?
    public var topP: Double?
    public var topK: Int?
    public var stopSequences: [String]
    public var seed: UInt64?
    public init(
        maxTokens: Int? = nil, temperature: Double? = nil, topP: Double? = nil, topK: Int? = nil,
        stopSequences: [String] = [], seed: UInt64? = nil
    ) {
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.stopSequences = stopSequences
        self.seed = seed
    }
}

/// The canonical, provider-neutral request every API family translates into.
public struct GenerationRequest: Sendable, Hashable {
    /// The model identifier the caller used (for logs and responses); resolution happens before the backend.
    public var modelId: String
    public var system: [String]
    public var messages: [Message]
    public var tools: [ToolSpec]
    public var toolChoice: ToolChoice?
    public var parameters: GenerationParameters
    /// A prompt already written in the serving model's own template (raw text-completion bodies):
    /// when set, the backend uses it verbatim instead of rendering `system` and `messages`.
    public var rawPrompt: String?

    public init(
        modelId: String, system: [String] = [], messages: [Message], tools: [ToolSpec] = [],
        toolChoice: ToolChoice? = nil, parameters: GenerationParameters = .init(), rawPrompt: String? = nil
    ) {
        self.modelId = modelId
        self.system = system
        self.messages = messages
        self.tools = tools
        self.toolChoice = toolChoice
        self.parameters = parameters
        self.rawPrompt = rawPrompt
    }
}
