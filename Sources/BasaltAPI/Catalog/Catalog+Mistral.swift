extension Catalog {
    /// Mistral AI. Limits from the Bedrock Mistral parameter pages.
    static var mistralModels: [FoundationModel] {
        func mistral(
            _ id: String, _ name: String, family: ModelFamily, vision: Bool = false, out: Int = 8_192, context: Int,
            caps: ModelCapabilities, types: [FoundationModel.InferenceType] = [.onDemand],
            since: String, geos: [InferenceGeo] = []
        ) -> FoundationModel {
            FoundationModel(
                id: id, name: name, providerName: "Mistral AI", input: vision ? [.text, .image] : [.text],
                output: [.text], inferenceTypes: types, lifecycle: .active(since: since), family: family, kind: .text,
                maxOutputTokens: out, contextWindow: context, capabilities: vision ? caps.union(.vision) : caps,
                profileGeos: geos)
        }
        return [
            mistral("mistral.mistral-7b-instruct-v0:2", "Mistral 7B Instruct", family: .mistralText, context: 32_000,
                    caps: [.documents], since: "2024-03-01"),
            mistral("mistral.mixtral-8x7b-instruct-v0:1", "Mixtral 8x7B Instruct", family: .mistralText, out: 4_096,
                    context: 32_000, caps: [.documents], since: "2024-03-01"),
            mistral("mistral.mistral-large-2402-v1:0", "Mistral Large (24.02)", family: .mistralText, context: 32_000,
                    caps: .chatTools, since: "2024-04-02"),
            mistral("mistral.mistral-small-2402-v1:0", "Mistral Small (24.02)", family: .mistralText, context: 32_000,
                    caps: .chatTools, since: "2024-05-23"),
            mistral("mistral.mistral-large-2407-v1:0", "Mistral Large (24.07)", family: .mistralChat, context: 128_000,
                    caps: .chatTools, since: "2024-07-24"),
            mistral("mistral.pixtral-large-2502-v1:0", "Pixtral Large (25.02)", family: .mistralChat, vision: true,
                    context: 128_000, caps: .chatTools, types: [.inferenceProfile], since: "2025-04-08",
                    geos: [.us, .eu]),
        ]
    }
}
