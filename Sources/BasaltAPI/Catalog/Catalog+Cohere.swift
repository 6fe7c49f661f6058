extension Catalog {
    /// Cohere Command and Embed.
    static var cohereModels: [FoundationModel] {
        func command(_ id: String, _ name: String, family: ModelFamily, context: Int, caps: ModelCapabilities,
                     customizations: [FoundationModel.Customization] = [],
                     lifecycle: FoundationModel.Lifecycle) -> FoundationModel {
            FoundationModel(
                id: id, name: name, providerName: "Cohere", input: [.text], output: [.text],
                customizations: customizations, lifecycle: lifecycle, family: family, kind: .text,
                maxOutputTokens: 4_096, contextWindow: context, capabilities: caps)
        }
        func embed(_ id: String, _ name: String, input: [FoundationModel.Modality] = [.text], dimension: Int,
                   context: Int, since: String) -> FoundationModel {
            FoundationModel(
                id: id, name: name, providerName: "Cohere", input: input, output: [.embedding], streaming: false,
                lifecycle: .active(since: since), family: .cohereEmbed, kind: .embedding, contextWindow: context,
                embeddingDimension: dimension)
        }
        return [
            command("cohere.command-text-v14", "Command", family: .cohereCommand, context: 4_096, caps: [.documents],
                    customizations: [.fineTuning], lifecycle: .legacy(since: "2023-11-13")),
            command("cohere.command-light-text-v14", "Command Light", family: .cohereCommand, context: 4_096,
                    caps: [.documents], customizations: [.fineTuning], lifecycle: .legacy(since: "2023-11-13")),
            command("cohere.command-r-v1:0", "Command R", family: .cohereCommandR, context: 128_000, caps: .chatTools,
                    lifecycle: .active(since: "2024-04-30")),
            command("cohere.command-r-plus-v1:0", "Command R+", family: .cohereCommandR, context: 128_000,
                    caps: .chatTools, lifecycle: .active(since: "2024-04-30")),
            embed("cohere.embed-english-v3", "Embed English", dimension: 1_024, context: 512, since: "2023-11-13"),
            embed("cohere.embed-multilingual-v3", "Embed Multilingual", dimension: 1_024, context: 512,
                  since: "2023-11-13"),
            embed("cohere.embed-v4:0", "Embed v4", input: [.text, .image], dimension: 1_536, context: 128_000,
                  since: "2025-07-29"),
        ]
    }
}
