import BasaltCore

/// A decoded `InvokeModel` body: the canonical request plus what the response encoder and the caller need.
public struct InvokeInput: Sendable, Hashable {
    /// The canonical request. `rawPrompt` is always nil here: see `request(servingTemplate:)`.
    public var request: GenerationRequest
    /// The raw prompt of a text-completion body and the template it was recognised as, if the body had one.
    public var rawPrompt: RawPrompt?
    /// The body as the client sent it (responses echo parts of it: Cohere `prompt`/`chat_history`, AI21 `prompt`).
    public var body: JSONObject
    /// What the translator dropped or approximated (unsupported fields), for logs.
    public var diagnostics: [String]

    /// Creates a decoded input.
    public init(request: GenerationRequest, rawPrompt: RawPrompt? = nil, body: JSONObject = JSONObject(),
                diagnostics: [String] = []) {
        self.request = request
        self.rawPrompt = rawPrompt
        self.body = body
        self.diagnostics = diagnostics
    }

    /// The request to run on a model whose chat template is `servingTemplate`: when the body's raw prompt is
    /// written in that same template it is passed verbatim (`rawPrompt`), otherwise the parsed messages are used.
    public func request(servingTemplate: PromptFormat?) -> GenerationRequest {
        var r = request
        if let rawPrompt, let servingTemplate, rawPrompt.template == servingTemplate, servingTemplate != .plain {
            r.rawPrompt = rawPrompt.text
        }
        return r
    }
}

/// Response-side facts an encoder cannot know from the events: identifiers, clock and the decoded request.
public struct InvokeContext: Sendable, Hashable {
    /// Model name written into responses that carry one (Anthropic `model`, OpenAI-style `model`).
    public var modelName: String
    /// A unique id of this invocation (e.g. the `x-amzn-RequestId` UUID); response ids derive from it.
    public var requestId: String
    /// Unix seconds for OpenAI-style `created`.
    public var created: Int
    /// Prompt tokens when known before generation (first-chunk token counts); the final chunk always uses the
    /// backend's `Usage`.
    public var promptTokens: Int?
    /// The decoded request.
    public var input: InvokeInput

    /// Creates a context.
    public init(modelName: String, requestId: String, created: Int, promptTokens: Int? = nil, input: InvokeInput) {
        self.modelName = modelName
        self.requestId = requestId
        self.created = created
        self.promptTokens = promptTokens
        self.input = input
    }

    /// `requestId` without dashes, lower-cased, at most `length` characters: a stable id suffix.
    func idSuffix(_ length: Int = 24) -> String {
        String(requestId.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(length))
    }
}
