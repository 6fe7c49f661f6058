extension Catalog {
    /// Amazon Titan and Nova. Titan limits from the Titan parameter pages; Nova from the Nova user guide.
    static var amazonModels: [FoundationModel] {
        func titanText(_ id: String, _ name: String, out: Int, context: Int, types: [FoundationModel.InferenceType] = [.onDemand],
                       customizations: [FoundationModel.Customization], since: String) -> FoundationModel {
            FoundationModel(
                id: id, name: name, providerName: "Amazon", input: [.text], output: [.text],
                customizations: customizations, inferenceTypes: types, lifecycle: .active(since: since),
                family: .titanText, kind: .text, maxOutputTokens: out, contextWindow: context,
                capabilities: [.documents])
        }
        func nova(_ id: String, _ name: String, video: Bool, out: Int, context: Int,
                  types: [FoundationModel.InferenceType] = [.onDemand], customizations: [FoundationModel.Customization],
                  since: String, geos: [InferenceGeo]) -> FoundationModel {
            var caps = ModelCapabilities.nova
            if !video { caps.subtract([.vision, .videoInput]) }
            return FoundationModel(
                id: id, name: name, providerName: "Amazon", input: video ? [.text, .image, .video] : [.text],
                output: [.text], customizations: customizations, inferenceTypes: types, lifecycle: .active(since: since),
                family: .nova, kind: .text, maxOutputTokens: out, contextWindow: context, capabilities: caps,
                profileGeos: geos)
        }
        func embed(_ id: String, _ name: String, family: ModelFamily, input: [FoundationModel.Modality] = [.text],
                   dimension: Int, context: Int, types: [FoundationModel.InferenceType] = [.onDemand],
                   customizations: [FoundationModel.Customization] = [], since: String) -> FoundationModel {
            FoundationModel(
                id: id, name: name, providerName: "Amazon", input: input, output: [.embedding], streaming: false,
                customizations: customizations, inferenceTypes: types, lifecycle: .active(since: since),
                family: family, kind: .embedding, contextWindow: context, embeddingDimension: dimension)
        }
        func media(_ id: String, _ name: String, family: ModelFamily, output: FoundationModel.Modality,
                   kind: FoundationModel.Kind, customizations: [FoundationModel.Customization] = [],
                   since: String) -> FoundationModel {
            FoundationModel(
                id: id, name: name, providerName: "Amazon", input: [.text, .image], output: [output], streaming: false,
                customizations: customizations, lifecycle: .active(since: since), family: family, kind: kind)
        }
        let ftCpt: [FoundationModel.Customization] = [.fineTuning, .continuedPreTraining]
        let ftDistill: [FoundationModel.Customization] = [.fineTuning, .distillation]
        return [
            titanText("amazon.titan-text-lite-v1", "Titan Text G1 - Lite", out: 4_096, context: 4_096,
                      customizations: ftCpt, since: "2023-11-29"),
            titanText("amazon.titan-text-lite-v1:0:4k", "Titan Text G1 - Lite", out: 4_096, context: 4_096,
                      types: [.provisioned], customizations: ftCpt, since: "2023-11-29"),
            titanText("amazon.titan-text-express-v1", "Titan Text G1 - Express", out: 8_192, context: 8_192,
                      customizations: ftCpt, since: "2023-11-29"),
            titanText("amazon.titan-text-express-v1:0:8k", "Titan Text G1 - Express", out: 8_192, context: 8_192,
                      types: [.provisioned], customizations: ftCpt, since: "2023-11-29"),
            titanText("amazon.titan-text-premier-v1:0", "Titan Text G1 - Premier", out: 3_072, context: 32_000,
                      customizations: [.fineTuning], since: "2024-05-07"),
            embed("amazon.titan-embed-text-v1", "Titan Embeddings G1 - Text", family: .titanEmbedTextV1,
                  dimension: 1_536, context: 8_192, since: "2023-09-28"),
            embed("amazon.titan-embed-text-v1:2:8k", "Titan Embeddings G1 - Text", family: .titanEmbedTextV1,
                  dimension: 1_536, context: 8_192, types: [.provisioned], since: "2023-09-28"),
            embed("amazon.titan-embed-text-v2:0", "Titan Text Embeddings V2", family: .titanEmbedTextV2,
                  dimension: 1_024, context: 8_192, since: "2024-04-30"),
            embed("amazon.titan-embed-image-v1", "Titan Multimodal Embeddings G1", family: .titanEmbedImage,
                  input: [.text, .image], dimension: 1_024, context: 128, customizations: [.fineTuning],
                  since: "2023-11-29"),
            media("amazon.titan-image-generator-v1", "Titan Image Generator G1", family: .titanImage, output: .image,
                  kind: .image, customizations: [.fineTuning], since: "2023-11-29"),
            media("amazon.titan-image-generator-v2:0", "Titan Image Generator G1 v2", family: .titanImage,
                  output: .image, kind: .image, customizations: [.fineTuning], since: "2024-08-06"),
            nova("amazon.nova-micro-v1:0", "Nova Micro", video: false, out: 10_000, context: 128_000,
                 customizations: ftDistill, since: "2024-12-03", geos: [.us, .eu, .apac]),
            nova("amazon.nova-lite-v1:0", "Nova Lite", video: true, out: 10_000, context: 300_000,
                 customizations: ftDistill, since: "2024-12-03", geos: [.us, .eu, .apac]),
            nova("amazon.nova-pro-v1:0", "Nova Pro", video: true, out: 10_000, context: 300_000,
                 customizations: ftDistill, since: "2024-12-03", geos: [.us, .eu, .apac]),
            nova("amazon.nova-premier-v1:0", "Nova Premier", video: true, out: 32_000, context: 1_000_000,
                 types: [.inferenceProfile], customizations: [.distillation], since: "2025-04-30", geos: [.us]),
            media("amazon.nova-canvas-v1:0", "Nova Canvas", family: .novaCanvas, output: .image, kind: .image,
                  customizations: [.fineTuning], since: "2024-12-03"),
            media("amazon.nova-reel-v1:0", "Nova Reel", family: .novaReel, output: .video, kind: .video,
                  since: "2024-12-03"),
            media("amazon.nova-reel-v1:1", "Nova Reel", family: .novaReel, output: .video, kind: .video,
                  since: "2025-04-07"),
            FoundationModel(
                id: "amazon.nova-sonic-v1:0", name: "Nova Sonic", providerName: "Amazon", input: [.speech],
                output: [.speech, .text], lifecycle: .active(since: "2025-04-08"), family: .novaSonic, kind: .speech,
                capabilities: [.systemPrompt, .toolUse, .streamingToolUse]),
        ]
    }
}
