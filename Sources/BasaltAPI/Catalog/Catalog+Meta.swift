extension Catalog {
    /// Meta Llama. Bedrock caps `max_gen_len` at 2048 for Llama 2/3/3.x; Llama 4 limits from its model cards.
    static var metaModels: [FoundationModel] {
        func llama(
            _ id: String, _ name: String, family: ModelFamily = .metaLlama3, vision: Bool = false, out: Int = 2_048,
            context: Int, caps: ModelCapabilities, types: [FoundationModel.InferenceType] = [.onDemand],
            customizations: [FoundationModel.Customization] = [], lifecycle: FoundationModel.Lifecycle,
            geos: [InferenceGeo] = []
        ) -> FoundationModel {
            FoundationModel(
                id: id, name: name, providerName: "Meta", input: vision ? [.text, .image] : [.text], output: [.text],
                customizations: customizations, inferenceTypes: types, lifecycle: lifecycle, family: family,
                kind: .text, maxOutputTokens: out, contextWindow: context,
                capabilities: vision ? caps.union(.vision) : caps, profileGeos: geos)
        }
        let profileOnly: [FoundationModel.InferenceType] = [.inferenceProfile]
        return [
            llama("meta.llama2-13b-chat-v1", "Llama 2 Chat 13B", family: .metaLlama2, context: 4_096, caps: .chat,
                  lifecycle: .legacy(since: "2023-11-14")),
            llama("meta.llama2-70b-chat-v1", "Llama 2 Chat 70B", family: .metaLlama2, context: 4_096, caps: .chat,
                  lifecycle: .legacy(since: "2024-01-09")),
            llama("meta.llama3-8b-instruct-v1:0", "Llama 3 8B Instruct", context: 8_192, caps: .chat,
                  lifecycle: .active(since: "2024-04-23")),
            llama("meta.llama3-70b-instruct-v1:0", "Llama 3 70B Instruct", context: 8_192, caps: .chat,
                  lifecycle: .active(since: "2024-04-23")),
            llama("meta.llama3-1-8b-instruct-v1:0", "Llama 3.1 8B Instruct", context: 128_000, caps: .chatTools,
                  customizations: [.fineTuning, .distillation], lifecycle: .active(since: "2024-07-23"), geos: [.us]),
            llama("meta.llama3-1-70b-instruct-v1:0", "Llama 3.1 70B Instruct", context: 128_000, caps: .chatTools,
                  customizations: [.fineTuning, .distillation], lifecycle: .active(since: "2024-07-23"), geos: [.us]),
            llama("meta.llama3-1-405b-instruct-v1:0", "Llama 3.1 405B Instruct", context: 128_000, caps: .chatTools,
                  customizations: [.distillation], lifecycle: .active(since: "2024-07-23")),
            llama("meta.llama3-2-1b-instruct-v1:0", "Llama 3.2 1B Instruct", context: 128_000, caps: .chat,
                  types: profileOnly, customizations: [.fineTuning], lifecycle: .active(since: "2024-09-25"),
                  geos: [.us, .eu]),
            llama("meta.llama3-2-3b-instruct-v1:0", "Llama 3.2 3B Instruct", context: 128_000, caps: .chat,
                  types: profileOnly, customizations: [.fineTuning], lifecycle: .active(since: "2024-09-25"),
                  geos: [.us, .eu]),
            llama("meta.llama3-2-11b-instruct-v1:0", "Llama 3.2 11B Instruct", vision: true, context: 128_000,
                  caps: .chatTools, types: profileOnly, customizations: [.fineTuning],
                  lifecycle: .active(since: "2024-09-25"), geos: [.us]),
            llama("meta.llama3-2-90b-instruct-v1:0", "Llama 3.2 90B Instruct", vision: true, context: 128_000,
                  caps: .chatTools, types: profileOnly, customizations: [.fineTuning],
                  lifecycle: .active(since: "2024-09-25"), geos: [.us]),
            llama("meta.llama3-3-70b-instruct-v1:0", "Llama 3.3 70B Instruct", context: 128_000, caps: .chatTools,
                  types: profileOnly, lifecycle: .active(since: "2024-12-19"), geos: [.us]),
            llama("meta.llama4-scout-17b-instruct-v1:0", "Llama 4 Scout 17B Instruct", vision: true, out: 16_384,
                  context: 3_500_000, caps: .chatTools, types: profileOnly, lifecycle: .active(since: "2025-04-28"),
                  geos: [.us]),
            llama("meta.llama4-maverick-17b-instruct-v1:0", "Llama 4 Maverick 17B Instruct", vision: true, out: 16_384,
                  context: 1_000_000, caps: .chatTools, types: profileOnly, lifecycle: .active(since: "2025-04-28"),
                  geos: [.us]),
        ]
    }
}
