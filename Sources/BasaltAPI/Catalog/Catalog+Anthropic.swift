extension Catalog {
    /// Anthropic Claude on Bedrock. Limits from the Bedrock model cards / Anthropic model comparison; profile
    /// geographies from the Bedrock "supported cross-Region inference profiles" list (subset).
    static var anthropicModels: [FoundationModel] {
        let legacyText: ModelCapabilities = [.systemPrompt, .documents, .prefill]
        func claude(
            _ id: String, _ name: String, vision: Bool = true, out: Int, context: Int = 200_000,
            types: [FoundationModel.InferenceType] = [.onDemand], lifecycle: FoundationModel.Lifecycle,
            customizations: [FoundationModel.Customization] = [], reasoning: Bool = false, geos: [InferenceGeo]
        ) -> FoundationModel {
            var caps = ModelCapabilities.claude
            if !vision { caps.remove(.vision) }
            if reasoning { caps.insert(.reasoning) }
            return FoundationModel(
                id: id, name: name, providerName: "Anthropic", input: vision ? [.text, .image] : [.text], output: [.text],
                customizations: customizations, inferenceTypes: types, lifecycle: lifecycle, family: .anthropicMessages,
                kind: .text, maxOutputTokens: out, contextWindow: context, capabilities: caps, profileGeos: geos)
        }
        func legacy(_ id: String, _ name: String, context: Int, types: [FoundationModel.InferenceType] = [.onDemand],
                    since: String) -> FoundationModel {
            FoundationModel(
                id: id, name: name, providerName: "Anthropic", input: [.text], output: [.text], inferenceTypes: types,
                lifecycle: .legacy(since: since), family: .anthropicText, kind: .text, maxOutputTokens: 4_096,
                contextWindow: context, capabilities: legacyText)
        }
        let profileOnly: [FoundationModel.InferenceType] = [.inferenceProfile]
        return [
            legacy("anthropic.claude-instant-v1", "Claude Instant", context: 100_000, since: "2023-09-28"),
            legacy("anthropic.claude-instant-v1:2:100k", "Claude Instant", context: 100_000, types: [.provisioned],
                   since: "2023-09-28"),
            legacy("anthropic.claude-v2", "Claude", context: 100_000, since: "2023-09-28"),
            legacy("anthropic.claude-v2:1", "Claude", context: 200_000, since: "2023-11-21"),
            legacy("anthropic.claude-v2:1:18k", "Claude", context: 18_000, types: [.provisioned], since: "2023-11-21"),
            legacy("anthropic.claude-v2:1:200k", "Claude", context: 200_000, types: [.provisioned], since: "2023-11-21"),
            claude("anthropic.claude-3-sonnet-20240229-v1:0", "Claude 3 Sonnet", out: 4_096,
                   lifecycle: .legacy(since: "2024-03-04"), geos: [.us, .eu, .apac]),
            claude("anthropic.claude-3-sonnet-20240229-v1:0:28k", "Claude 3 Sonnet", out: 4_096, context: 28_000,
                   types: [.provisioned], lifecycle: .legacy(since: "2024-03-04"), geos: []),
            claude("anthropic.claude-3-sonnet-20240229-v1:0:200k", "Claude 3 Sonnet", out: 4_096,
                   types: [.provisioned], lifecycle: .legacy(since: "2024-03-04"), geos: []),
            claude("anthropic.claude-3-haiku-20240307-v1:0", "Claude 3 Haiku", out: 4_096,
                   lifecycle: .active(since: "2024-03-13"), customizations: [.fineTuning], geos: [.us, .eu, .apac]),
            claude("anthropic.claude-3-haiku-20240307-v1:0:48k", "Claude 3 Haiku", out: 4_096, context: 48_000,
                   types: [.provisioned], lifecycle: .active(since: "2024-03-13"), geos: []),
            claude("anthropic.claude-3-haiku-20240307-v1:0:200k", "Claude 3 Haiku", out: 4_096,
                   types: [.provisioned], lifecycle: .active(since: "2024-03-13"), geos: []),
            claude("anthropic.claude-3-opus-20240229-v1:0", "Claude 3 Opus", out: 4_096,
                   lifecycle: .legacy(since: "2024-04-16"), geos: [.us]),
            claude("anthropic.claude-3-5-sonnet-20240620-v1:0", "Claude 3.5 Sonnet", out: 4_096,
                   lifecycle: .legacy(since: "2024-06-20"), geos: [.us, .eu, .apac]),
            claude("anthropic.claude-3-5-sonnet-20241022-v2:0", "Claude 3.5 Sonnet v2", out: 8_192, types: profileOnly,
                   lifecycle: .legacy(since: "2024-10-22"), geos: [.us, .apac]),
            claude("anthropic.claude-3-5-haiku-20241022-v1:0", "Claude 3.5 Haiku", vision: false, out: 8_192,
                   lifecycle: .legacy(since: "2024-11-04", endOfLife: "2026-06-19"), geos: [.us]),
            claude("anthropic.claude-3-7-sonnet-20250219-v1:0", "Claude 3.7 Sonnet", out: 64_000, types: profileOnly,
                   lifecycle: .active(since: "2025-02-24"), reasoning: true, geos: [.us, .eu, .apac]),
            claude("anthropic.claude-sonnet-4-20250514-v1:0", "Claude Sonnet 4", out: 64_000, types: profileOnly,
                   lifecycle: .active(since: "2025-05-22"), reasoning: true, geos: [.us, .eu, .apac, .global]),
            claude("anthropic.claude-opus-4-20250514-v1:0", "Claude Opus 4", out: 32_000, types: profileOnly,
                   lifecycle: .active(since: "2025-05-22"), reasoning: true, geos: [.us]),
            claude("anthropic.claude-opus-4-1-20250805-v1:0", "Claude Opus 4.1", out: 32_000, types: profileOnly,
                   lifecycle: .active(since: "2025-08-05"), reasoning: true, geos: [.us]),
            claude("anthropic.claude-sonnet-4-5-20250929-v1:0", "Claude Sonnet 4.5", out: 64_000, types: profileOnly,
                   lifecycle: .active(since: "2025-09-29"), reasoning: true, geos: [.us, .eu, .jp, .au, .global]),
            claude("anthropic.claude-haiku-4-5-20251001-v1:0", "Claude Haiku 4.5", out: 64_000, types: profileOnly,
                   lifecycle: .active(since: "2025-10-15"), reasoning: true, geos: [.us, .eu, .au, .global]),
            claude("anthropic.claude-opus-4-5-20251101-v1:0", "Claude Opus 4.5", out: 64_000, types: profileOnly,
                   lifecycle: .active(since: "2025-11-24"), reasoning: true, geos: [.us, .eu, .global]),
        ]
    }
}
