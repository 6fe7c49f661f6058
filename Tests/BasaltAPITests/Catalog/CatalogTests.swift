import Foundation
import Testing
@testable import BasaltAPI

/// Catalog data invariants and resolution. Exact strings come from seed 003 (real `list-foundation-models` /
/// `list-inference-profiles` output) and spec §2.3 / §10.3, not from this code.
@Suite struct CatalogTests {
    let catalog = Catalog.bedrock

    @Test func hasEnoughUniqueModelsWithValidIdsAndArns() {
        #expect(catalog.models.count >= 60)
        let ids = catalog.models.map(\.id)
        #expect(Set(ids).count == ids.count, "duplicate IDs: \(Dictionary(grouping: ids, by: { $0 }).filter { $1.count > 1 }.keys)")
        let fmArn = #"arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}::foundation-model/[a-z0-9-]{1,63}[.]{1}([a-z0-9-]{1,63}[.]){0,2}[a-z0-9-]{1,63}([:][a-z0-9-]{1,63}){0,2}"#
        for model in catalog.models {
            let arn = model.arn(region: "us-west-2")
            #expect(ModelIdentifierTests.fullMatch(fmArn, arn), "\(arn)")
            #expect(ModelIdentifier(parsing: model.id).kind == .baseModelId, "\(model.id)")
            #expect(catalog.foundationModel(identifier: arn) == model)
            #expect(!model.inferenceTypesSupported.isEmpty && !model.inputModalities.isEmpty)
            #expect(model.id.count <= 140 && !model.name.isEmpty && !model.providerName.isEmpty)
        }
    }

    @Test func dataIsInternallyConsistent() {
        for model in catalog.models {
            // Profile-only models have only INFERENCE_PROFILE and at least one profile to be reached through.
            if model.inferenceTypesSupported.contains(.inferenceProfile) {
                #expect(model.inferenceTypesSupported == [.inferenceProfile], "\(model.id)")
                #expect(!model.profileGeos.isEmpty, "\(model.id) is profile-only but has no profile")
            }
            // Output modality and kind agree; embeddings carry a dimension; text models carry their limits.
            switch model.kind {
            case .text:
                #expect(model.outputModalities == [.text] && model.family.isConversational, "\(model.id)")
                #expect((model.maxOutputTokens ?? 0) > 0 && (model.contextWindow ?? 0) > 0, "\(model.id)")
                #expect(model.maxOutputTokens! <= model.contextWindow!, "\(model.id)")
            case .embedding:
                #expect(model.outputModalities == [.embedding] && (model.embeddingDimension ?? 0) > 0, "\(model.id)")
                #expect(model.capabilities.isEmpty && !model.family.isConversational, "\(model.id)")
            case .image:
                #expect(model.outputModalities == [.image], "\(model.id)")
            case .video:
                #expect(model.outputModalities == [.video], "\(model.id)")
            case .speech:
                #expect(model.inputModalities.contains(.speech), "\(model.id)")
            }
            #expect(model.capabilities.contains(.vision) == model.inputModalities.contains(.image)
                    || model.kind != .text, "\(model.id)")
            // Provisioned-only `:Nk` variants point at an on-demand or profile sibling base model.
            if model.inferenceTypesSupported == [.provisioned] {
                let parts = model.id.split(separator: ":")
                let candidates = (1..<parts.count).map { parts[..<$0].joined(separator: ":") }
                #expect(candidates.contains { catalog.model(id: $0) != nil }, "\(model.id) has no base")
            }
        }
    }

    @Test func requiredFamiliesArePresent() {
        let ids = Set(catalog.models.map(\.id))
        let required = [
            "anthropic.claude-instant-v1", "anthropic.claude-v2", "anthropic.claude-v2:1",
            "anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-sonnet-20240229-v1:0",
            "anthropic.claude-3-opus-20240229-v1:0", "anthropic.claude-3-5-haiku-20241022-v1:0",
            "anthropic.claude-3-5-sonnet-20240620-v1:0", "anthropic.claude-3-5-sonnet-20241022-v2:0",
            "anthropic.claude-3-7-sonnet-20250219-v1:0", "anthropic.claude-sonnet-4-20250514-v1:0",
            "anthropic.claude-opus-4-20250514-v1:0", "anthropic.claude-opus-4-1-20250805-v1:0",
            "anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-haiku-4-5-20251001-v1:0",
            "meta.llama2-13b-chat-v1", "meta.llama3-8b-instruct-v1:0", "meta.llama3-1-405b-instruct-v1:0",
            "meta.llama3-2-90b-instruct-v1:0", "meta.llama3-3-70b-instruct-v1:0", "meta.llama4-scout-17b-instruct-v1:0",
            "mistral.mistral-7b-instruct-v0:2", "mistral.mixtral-8x7b-instruct-v0:1", "mistral.mistral-large-2402-v1:0",
            "mistral.mistral-large-2407-v1:0", "mistral.mistral-small-2402-v1:0", "mistral.pixtral-large-2502-v1:0",
            "cohere.command-text-v14", "cohere.command-light-text-v14", "cohere.command-r-v1:0",
            "cohere.command-r-plus-v1:0", "cohere.embed-english-v3", "cohere.embed-multilingual-v3",
            "ai21.j2-mid-v1", "ai21.j2-ultra-v1", "ai21.jamba-instruct-v1:0", "ai21.jamba-1-5-mini-v1:0",
            "ai21.jamba-1-5-large-v1:0", "amazon.titan-text-lite-v1", "amazon.titan-text-express-v1",
            "amazon.titan-text-premier-v1:0", "amazon.titan-embed-text-v1", "amazon.titan-embed-text-v2:0",
            "amazon.titan-embed-image-v1", "amazon.titan-image-generator-v1", "amazon.titan-image-generator-v2:0",
            "amazon.nova-micro-v1:0", "amazon.nova-lite-v1:0", "amazon.nova-pro-v1:0", "amazon.nova-premier-v1:0",
            "amazon.nova-canvas-v1:0", "amazon.nova-reel-v1:0", "amazon.nova-sonic-v1:0", "deepseek.r1-v1:0",
            "openai.gpt-oss-120b-1:0", "stability.stable-diffusion-xl-v1",
        ]
        #expect(required.filter { !ids.contains($0) } == [])
    }

    /// Seed 003's real `list-foundation-models` rows (name, provider, id, input modalities, output modality).
    @Test func matchesSeedListFoundationModelsRows() throws {
        let rows: [(String, String, String, String, String)] = [
            ("Titan Text G1 - Express", "Amazon", "amazon.titan-text-express-v1", "TEXT", "TEXT"),
            ("Titan Embeddings G1 - Text", "Amazon", "amazon.titan-embed-text-v1", "TEXT", "EMBEDDING"),
            ("Claude Instant", "Anthropic", "anthropic.claude-instant-v1", "TEXT", "TEXT"),
            ("Claude", "Anthropic", "anthropic.claude-v2:1", "TEXT", "TEXT"),
            ("Claude 3 Haiku", "Anthropic", "anthropic.claude-3-haiku-20240307-v1:0", "TEXT IMAGE", "TEXT"),
            ("Claude 3.5 Sonnet", "Anthropic", "anthropic.claude-3-5-sonnet-20240620-v1:0", "TEXT IMAGE", "TEXT"),
            ("Embed English", "Cohere", "cohere.embed-english-v3", "TEXT", "EMBEDDING"),
            ("Embed Multilingual", "Cohere", "cohere.embed-multilingual-v3", "TEXT", "EMBEDDING"),
        ]
        for (name, provider, id, input, output) in rows {
            let model = try #require(catalog.model(id: id))
            #expect(model.name == name && model.providerName == provider)
            #expect(model.inputModalities.map(\.rawValue).joined(separator: " ") == input)
            #expect(model.outputModalities.map(\.rawValue).joined(separator: " ") == output)
            #expect(model.inferenceTypesSupported.contains(.onDemand))
            #expect(model.arn(region: "ap-northeast-1") == "arn:aws:bedrock:ap-northeast-1::foundation-model/\(id)")
        }
    }

    @Test func systemProfilesAreDerivedAndMembersExist() {
        #expect(!catalog.systemProfiles.isEmpty)
        let ids = catalog.systemProfiles.map(\.id)
        #expect(Set(ids).count == ids.count)
        let profileArn = #"arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|application-inference-profile)/[a-zA-Z0-9-:.]+"#
        for profile in catalog.systemProfiles {
            #expect(profile.id.count <= 64, "\(profile.id)")
            #expect(profile.type == .systemDefined && profile.status == .active)
            #expect(catalog.model(id: profile.modelId)?.profileGeos.contains(profile.geo) == true)
            let arn = profile.arn(region: profile.memberRegions[0], account: "123456789012")
            #expect(ModelIdentifierTests.fullMatch(profileArn, arn), "\(arn)")
            #expect(catalog.systemProfile(identifier: arn) == profile)
            #expect(profile.memberModelArns.count == profile.memberRegions.count)
            for (memberArn, region) in zip(profile.memberModelArns, profile.memberRegions) {
                guard case .foundationModel(let id, let parsed?) = ModelIdentifier(parsing: memberArn) else {
                    Issue.record("member \(memberArn) is not an FM ARN"); continue
                }
                #expect(catalog.model(id: id) != nil && parsed.region == region)
            }
            #expect(profile.createdAt <= profile.updatedAt)
        }
    }

    /// Spec §10.3's `GetInferenceProfile` example and seed 003's APAC rows.
    @Test func profileMatchesDocumentedExamples() throws {
        let haiku = try #require(catalog.systemProfile(id: "us.anthropic.claude-3-5-haiku-20241022-v1:0"))
        #expect(haiku.name == "US Anthropic Claude 3.5 Haiku")
        #expect(haiku.description == "Routes requests to Anthropic Claude 3.5 Haiku in us-east-1, us-east-2 and us-west-2.")
        #expect(haiku.arn(region: "us-east-1", account: "123456789012")
                == "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0")
        #expect(haiku.memberModelArns == [
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0",
            "arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0",
            "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0",
        ])
        let seedRows = [
            ("APAC Anthropic Claude 3 Sonnet", "apac.anthropic.claude-3-sonnet-20240229-v1:0"),
            ("APAC Anthropic Claude 3.5 Sonnet", "apac.anthropic.claude-3-5-sonnet-20240620-v1:0"),
            ("APAC Anthropic Claude 3 Haiku", "apac.anthropic.claude-3-haiku-20240307-v1:0"),
        ]
        let visible = catalog.systemProfiles(visibleFrom: "ap-northeast-1")
        for (name, id) in seedRows {
            let profile = try #require(visible.first { $0.id == id })
            #expect(profile.name == name)
            #expect(profile.arn(region: "ap-northeast-1", account: "123456789012")
                    == "arn:aws:bedrock:ap-northeast-1:123456789012:inference-profile/\(id)")
        }
        #expect(!visible.contains { $0.geo == .us || $0.geo == .eu })
    }

    @Test func resolvesCatalogKinds() throws {
        let haiku = try #require(catalog.model(id: "anthropic.claude-3-haiku-20240307-v1:0"))
        #expect(catalog.resolve("anthropic.claude-3-haiku-20240307-v1:0") == .model(haiku, profile: nil))
        #expect(catalog.resolve("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0")
                == .model(haiku, profile: nil))
        let viaProfile = catalog.resolve("eu.anthropic.claude-3-haiku-20240307-v1:0")
        #expect(viaProfile.model == haiku)
        guard case .model(_, let profile?) = viaProfile else { Issue.record("\(viaProfile)"); return }
        #expect(profile.geo == .eu && profile.memberRegions.allSatisfy { $0.hasPrefix("eu-") })
        let arnProfile = catalog.resolve(
            "arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0")
        #expect(arnProfile.model?.id == "anthropic.claude-sonnet-4-20250514-v1:0")
        #expect(arnProfile.validationMessage == nil)
    }

    @Test func flagsProfileOnlyBaseIds() throws {
        for id in ["anthropic.claude-3-5-sonnet-20241022-v2:0", "anthropic.claude-3-7-sonnet-20250219-v1:0",
                   "anthropic.claude-sonnet-4-20250514-v1:0", "meta.llama3-3-70b-instruct-v1:0",
                   "meta.llama3-2-1b-instruct-v1:0", "deepseek.r1-v1:0", "amazon.nova-premier-v1:0"] {
            let resolution = catalog.resolve(id)
            guard case .onDemandNotSupported(let model, _) = resolution else { Issue.record("\(id): \(resolution)"); continue }
            #expect(model.isProfileOnly && model.inferenceTypesSupported == [.inferenceProfile])
            #expect(catalog.resolve("us." + id).model?.id == id, "us.\(id) should resolve")
        }
        // Exact text from spec §2.3 (U+2019 apostrophe).
        #expect(catalog.resolve("anthropic.claude-3-5-sonnet-20241022-v2:0").validationMessage
                == "Invocation of model ID anthropic.claude-3-5-sonnet-20241022-v2:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.")
        let viaArn = catalog.resolve("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0")
        guard case .onDemandNotSupported = viaArn else { Issue.record("\(viaArn)"); return }
        // Provisioned-only variants are refused on demand too, with the provisioned wording.
        let variant = catalog.resolve("anthropic.claude-3-haiku-20240307-v1:0:200k")
        guard case .onDemandNotSupported(let model, _) = variant else { Issue.record("\(variant)"); return }
        #expect(!model.isProfileOnly && variant.validationMessage == Resolution.provisionedOnlyMessage)
    }

    @Test func unknownAndGarbageAreInvalid() {
        for raw in ["anthropic.claude-9-mega-v1:0", "apac.amazon.titan-text-express-v1", "xx.anthropic.claude-v2",
                    "not a model", "", "arn:aws:bedrock:us-east-1::foundation-model/acme.unknown-v1",
                    "arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.meta.llama3-3-70b-instruct-v1:0"] {
            let resolution = catalog.resolve(raw)
            guard case .invalid = resolution else { Issue.record("\(raw): \(resolution)"); continue }
            #expect(resolution.validationMessage == "The provided model identifier is invalid.")
        }
    }

    @Test func statefulKindsAreHandedToTheStore() {
        let stateful: [(String, ModelIdentifier.Kind)] = ModelIdentifierTests.seedCases.filter {
            ![.baseModelId, .foundationModelARN, .systemProfileId, .systemProfileARN].contains($0.1)
        }
        #expect(stateful.count >= 8)
        for (raw, kind) in stateful {
            let resolution = catalog.resolve(raw)
            guard case .stateful(let identifier) = resolution else { Issue.record("\(raw): \(resolution)"); continue }
            #expect(identifier.kind == kind && resolution.validationMessage == nil)
        }
    }

    @Test func listFiltersBehaveLikeListFoundationModels() {
        let anthropic = catalog.models(byProvider: "anthropic")
        #expect(!anthropic.isEmpty && anthropic.allSatisfy { $0.providerName == "Anthropic" })
        #expect(catalog.models(byProvider: "Anthropic") == anthropic)
        let embeddings = catalog.models(byOutputModality: .embedding)
        #expect(embeddings.contains { $0.id == "cohere.embed-english-v3" } && embeddings.allSatisfy { $0.kind == .embedding })
        let onDemand = catalog.models(byInferenceType: .onDemand)
        #expect(!onDemand.contains { $0.id == "anthropic.claude-3-7-sonnet-20250219-v1:0" })
        let tunable = catalog.models(byCustomizationType: .fineTuning)
        #expect(tunable.contains { $0.id == "amazon.titan-text-express-v1" })
    }

    @Test func lifecycleDatesAreUtcMidnight() throws {
        let day = try #require(FoundationModel.Lifecycle.utcDay("2024-03-13"))
        #expect(day.timeIntervalSince1970 == 1_710_288_000)   // date -u -d 2024-03-13 +%s
        #expect(FoundationModel.Lifecycle.utcDay("2000-02-29")?.timeIntervalSince1970 == 951_782_400)
        #expect(FoundationModel.Lifecycle.utcDay("2024-13-01") == nil)
    }
}
