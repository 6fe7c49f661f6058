/// The native `InvokeModel` body format a model speaks (spec §8). The API layer picks its request/response codec
/// from this value, never from the model name.
public enum ModelFamily: String, Sendable, Hashable, Codable, CaseIterable {
    /// Anthropic Messages API body (`anthropic_version`, `messages`), Claude 3 and later (§8.1).
    case anthropicMessages = "anthropic-messages"
    /// Anthropic legacy Text Completions (`prompt`, `max_tokens_to_sample`), Claude Instant / 2.x (§8.2).
    case anthropicText = "anthropic-text"
    /// Meta Llama 2 chat (`prompt`, `max_gen_len`; `[INST]` template).
    case metaLlama2 = "meta-llama2"
    /// Meta Llama 3 and later (`prompt`, `max_gen_len`; header-id template) (§8.3).
    case metaLlama3 = "meta-llama3"
    /// Mistral text completion (`prompt`, `max_tokens`) (§8.4).
    case mistralText = "mistral-text"
    /// Mistral chat completion (`messages`, `tools`) — Large 2 (24.07), Pixtral (§8.4).
    case mistralChat = "mistral-chat"
    /// Cohere Command / Command Light generation (§8.5).
    case cohereCommand = "cohere-command"
    /// Cohere Command R / R+ chat (`message`, `chat_history`) (§8.6).
    case cohereCommandR = "cohere-command-r"
    /// AI21 Jurassic-2 (`prompt`, `maxTokens`) (§8.7).
    case ai21J2 = "ai21-j2"
    /// AI21 Jamba chat (`messages`) (§8.7).
    case ai21Jamba = "ai21-jamba"
    /// Amazon Titan Text (`inputText`, `textGenerationConfig`) (§8.8).
    case titanText = "titan-text"
    /// Amazon Nova understanding models (`schemaVersion: messages-v1`) (§8.9).
    case nova = "nova"
    /// DeepSeek (`prompt`, `max_tokens`; choices with `stop_reason`).
    case deepseek = "deepseek"
    /// OpenAI gpt-oss (OpenAI chat-completions body).
    case openaiGptOss = "openai-gpt-oss"
    /// Titan Embeddings G1 - Text (`inputText`) (§8.10).
    case titanEmbedTextV1 = "titan-embed-text-v1"
    /// Titan Text Embeddings V2 (`inputText`, `dimensions`, `normalize`) (§8.10).
    case titanEmbedTextV2 = "titan-embed-text-v2"
    /// Titan Multimodal Embeddings G1 (`inputText`, `inputImage`, `embeddingConfig`) (§8.10).
    case titanEmbedImage = "titan-embed-image"
    /// Cohere Embed (`texts`, `input_type`) (§8.10).
    case cohereEmbed = "cohere-embed"
    /// Titan Image Generator (`taskType`, `textToImageParams`) (§8.11).
    case titanImage = "titan-image"
    /// Nova Canvas (Titan Image request shape) (§8.11).
    case novaCanvas = "nova-canvas"
    /// Nova Reel (async video: `taskType: TEXT_VIDEO`).
    case novaReel = "nova-reel"
    /// Nova Sonic (bidirectional speech stream).
    case novaSonic = "nova-sonic"
    /// Stability SDXL (`text_prompts`, `cfg_scale`) (§8.11).
    case stabilitySDXL = "stability-sdxl"
    /// Stability SD3 / Stable Image Core / Ultra (`prompt`, `mode`, `aspect_ratio`) (§8.11).
    case stability = "stability"
    /// Writer Palmyra (OpenAI-style chat body).
    case writer = "writer"

    /// Whether the family is a text-generation conversation format (has a Converse mapping).
    public var isConversational: Bool {
        switch self {
        case .titanEmbedTextV1, .titanEmbedTextV2, .titanEmbedImage, .cohereEmbed,
             .titanImage, .novaCanvas, .novaReel, .novaSonic, .stabilitySDXL, .stability:
            false
        default:
            true
        }
    }
}
