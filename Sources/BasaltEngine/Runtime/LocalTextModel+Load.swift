import BasaltCore

extension LocalTextModel {
    /// Default context per slot when `load` is not told: the trained context, capped here to bound KV memory.
    public static let defaultContextCap = 8192

    /// ChatML, used when a GGUF carries no `tokenizer.chat_template` (llama.cpp's fallback too).
    static let fallbackTemplate = """
        {% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}
        """

    /// Opens a GGUF decoder model and starts serving it.
    /// - Parameters:
    ///   - path: the `.gguf` file (llama-architecture decoders).
    ///   - slots: requests generated concurrently (each gets its own KV cache).
    ///   - contextPerSlot: tokens (prompt + output) per request; default the trained context, at most
    ///     `defaultContextCap`.
    public static func load(path: String, slots: Int = 4, contextPerSlot: Int? = nil) throws -> LocalTextModel {
        try load(path: path, slots: slots, contextPerSlot: contextPerSlot, wrap: { $0 })
    }

    /// `load`, with the decoder passed through `wrap` first (tests observe the forward passes this way).
    static func load(path: String, slots: Int, contextPerSlot: Int?,
                     wrap: (any DecoderModel) -> any DecoderModel) throws -> LocalTextModel {
        let file = try GGUFFile(path: path)
        let model = wrap(try LlamaModel.load(file))
        let tokenizer = try Tokenizer.make(file.tokenizerVocabulary())
        let template = try ChatTemplate(
            source: file.chatTemplate ?? fallbackTemplate,
            bosToken: tokenizer.bosTokenId.map(tokenizer.tokenText) ?? "",
            eosToken: tokenizer.eosTokenId.map(tokenizer.tokenText) ?? "")
        let pipeline = ChatPipeline(tokenizer: tokenizer, renderer: PromptRenderer(template: template))
        return LocalTextModel(model: model, pipeline: pipeline, slots: slots,
                              contextPerSlot: contextPerSlot ?? min(model.contextLength, defaultContextCap),
                              promptFormat: template.promptFormat)
    }
}
