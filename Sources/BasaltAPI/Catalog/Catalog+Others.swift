extension Catalog {
    /// DeepSeek, OpenAI open-weight, Writer and Stability AI.
    static var otherModels: [FoundationModel] {
        func stability(_ id: String, _ name: String, family: ModelFamily = .stability, imageInput: Bool,
                       lifecycle: FoundationModel.Lifecycle) -> FoundationModel {
            FoundationModel(
                id: id, name: name, providerName: "Stability AI", input: imageInput ? [.text, .image] : [.text],
                output: [.image], streaming: false, lifecycle: lifecycle, family: family, kind: .image)
        }
        let reasoningChat = ModelCapabilities.chat.union(.reasoning)
        return [
            FoundationModel(
                id: "deepseek.r1-v1:0", name: "DeepSeek-R1", providerName: "DeepSeek", input: [.text], output: [.text],
                inferenceTypes: [.inferenceProfile], lifecycle: .active(since: "2025-03-10"), family: .deepseek,
                kind: .text, maxOutputTokens: 32_768, contextWindow: 128_000, capabilities: reasoningChat,
                profileGeos: [.us]),
            FoundationModel(
                id: "deepseek.v3-v1:0", name: "DeepSeek-V3.1", providerName: "DeepSeek", input: [.text], output: [.text],
                lifecycle: .active(since: "2025-09-15"), family: .deepseek, kind: .text, maxOutputTokens: 81_920,
                contextWindow: 163_840, capabilities: ModelCapabilities.chatTools.union(.reasoning)),
            FoundationModel(
                id: "openai.gpt-oss-20b-1:0", name: "gpt-oss-20b", providerName: "OpenAI", input: [.text],
                output: [.text], lifecycle: .active(since: "2025-08-05"), family: .openaiGptOss, kind: .text,
                maxOutputTokens: 16_384, contextWindow: 128_000, capabilities: ModelCapabilities.chatTools.union(.reasoning)),
            FoundationModel(
                id: "openai.gpt-oss-120b-1:0", name: "gpt-oss-120b", providerName: "OpenAI", input: [.text],
                output: [.text], lifecycle: .active(since: "2025-08-05"), family: .openaiGptOss, kind: .text,
                maxOutputTokens: 16_384, contextWindow: 128_000, capabilities: ModelCapabilities.chatTools.union(.reasoning)),
            FoundationModel(
                id: "writer.palmyra-x4-v1:0", name: "Palmyra X4", providerName: "Writer", input: [.text], output: [.text],
                inferenceTypes: [.inferenceProfile], lifecycle: .active(since: "2025-04-28"), family: .writer,
                kind: .text, maxOutputTokens: 8_192, contextWindow: 128_000, capabilities: .chatTools, profileGeos: [.us]),
            FoundationModel(
                id: "writer.palmyra-x5-v1:0", name: "Palmyra X5", providerName: "Writer", input: [.text], output: [.text],
                inferenceTypes: [.inferenceProfile], lifecycle: .active(since: "2025-04-28"), family: .writer,
                kind: .text, maxOutputTokens: 8_192, contextWindow: 1_000_000, capabilities: .chatTools,
                profileGeos: [.us]),
            stability("stability.stable-diffusion-xl-v1", "SDXL 1.0", family: .stabilitySDXL, imageInput: true,
                      lifecycle: .legacy(since: "2023-09-28")),
            stability("stability.sd3-large-v1:0", "SD3 Large 1.0", imageInput: true, lifecycle: .legacy(since: "2024-09-04")),
            stability("stability.sd3-5-large-v1:0", "Stable Diffusion 3.5 Large", imageInput: true,
                      lifecycle: .active(since: "2024-12-19")),
            stability("stability.stable-image-core-v1:0", "Stable Image Core 1.0", imageInput: false,
                      lifecycle: .legacy(since: "2024-09-04")),
            stability("stability.stable-image-core-v1:1", "Stable Image Core 1.0", imageInput: false,
                      lifecycle: .active(since: "2024-12-19")),
            stability("stability.stable-image-ultra-v1:0", "Stable Image Ultra 1.0", imageInput: false,
                      lifecycle: .legacy(since: "2024-09-04")),
            stability("stability.stable-image-ultra-v1:1", "Stable Image Ultra 1.0", imageInput: false,
                      lifecycle: .active(since: "2024-12-19")),
        ]
    }
}
