import BasaltCore

/// The registry of `InvokeModel` body codecs, keyed by the model's `ModelFamily` (never by model name).
public enum InvokeFamilies {
    /// The translator of a text-generation family; nil for embedding, image, video and speech families.
    public static func translator(for family: ModelFamily) -> (any InvokeTranslator)? {
        switch family {
        case .anthropicMessages: AnthropicMessagesTranslator()
        case .anthropicText: AnthropicTextTranslator()
        case .metaLlama2, .metaLlama3: LlamaTranslator(family: family)
        case .mistralText: MistralTextTranslator()
        case .mistralChat: ChatCompletionsTranslator(family: family, dialect: .mistral)
        case .cohereCommand: CohereCommandTranslator()
        case .cohereCommandR: CohereChatTranslator()
        case .ai21J2: AI21J2Translator()
        case .ai21Jamba: ChatCompletionsTranslator(family: family, dialect: .jamba)
        case .titanText: TitanTextTranslator()
        case .nova: NovaTranslator()
        case .deepseek: DeepSeekTranslator()
        case .openaiGptOss, .writer: ChatCompletionsTranslator(family: family, dialect: .openAI)
        case .titanEmbedTextV1, .titanEmbedTextV2, .titanEmbedImage, .cohereEmbed, .titanImage, .novaCanvas,
             .novaReel, .novaSonic, .stabilitySDXL, .stability:
            nil
        }
    }
}
