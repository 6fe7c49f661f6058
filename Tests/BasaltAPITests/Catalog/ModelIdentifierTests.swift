import Foundation
import Testing
@testable import BasaltAPI

/// Identifier classification. Expected kinds come from seed 003's summary table and spec §9.1's examples;
/// the ARN shapes are cross-checked against the botocore regexes, copied verbatim as an independent oracle.
@Suite struct ModelIdentifierTests {
    /// Every identifier kind of seed 003 (base model, cross-region profile, application profile, prompt, custom
    /// model via provisioned throughput, imported model, provisioned throughput), with the article's own examples
    /// where it gives one.
    static let seedCases: [(String, ModelIdentifier.Kind)] = [
        ("anthropic.claude-3-5-sonnet-20240620-v1:0", .baseModelId),
        ("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0", .foundationModelARN),
        ("us.anthropic.claude-3-5-sonnet-20240620-v1:0", .systemProfileId),
        ("apac.anthropic.claude-3-sonnet-20240229-v1:0", .systemProfileId),
        ("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0",
         .systemProfileARN),
        ("arn:aws:bedrock:ap-northeast-1:123456789012:inference-profile/apac.anthropic.claude-3-haiku-20240307-v1:0",
         .systemProfileARN),
        ("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/jf2sje1c0jnb", .applicationProfileARN),
        ("arn:aws:bedrock:us-east-1:123456789012:prompt/A1B2C3D4E5", .promptARN),
        ("arn:aws:bedrock:us-east-1:123456789012:prompt/A1B2C3D4E5:3", .promptARN),
        ("arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdefghij12", .provisionedModelARN),
        ("arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1/abcdefghij12", .customModelARN),
        ("arn:aws:bedrock:us-east-1:123456789012:custom-model/imported/abcdefghij12", .customModelARN),
        ("arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/abcdefghij12", .customModelDeploymentARN),
        ("arn:aws:bedrock:us-east-1:123456789012:imported-model/abcdefghij12", .importedModelARN),
        ("arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1", .promptRouterARN),
        ("arn:aws:bedrock:us-east-1:123456789012:prompt-router/my-router", .promptRouterARN),
        ("arn:aws:sagemaker:us-east-1:123456789012:endpoint/my-endpoint", .marketplaceEndpointARN),
        ("amazon.titan-embed-text-v2:0", .baseModelId),
        ("meta.llama3-8b-instruct-v1:0", .baseModelId),
        ("amazon.titan-text-express-v1", .baseModelId),
        ("anthropic.claude-3-haiku-20240307-v1:0:200k", .baseModelId),
        ("eu.amazon.nova-pro-v1:0", .systemProfileId),
        ("global.anthropic.claude-sonnet-4-20250514-v1:0", .systemProfileId),
        ("us-gov.anthropic.claude-3-haiku-20240307-v1:0", .systemProfileId),
        ("arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
         .foundationModelARN),
    ]

    static let garbage: [String] = [
        "", "claude", "Anthropic.Claude-3", "anthropic..claude", "anthropic.claude v2", ".claude", "anthropic.",
        "arn:aws:bedrock:us-east-1:123456789012:foundation-model/anthropic.claude-v2",   // FM ARN with an account
        "arn:aws:bedrock:us-east-1::provisioned-model/abcdefghij12",                       // missing account
        "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/ABCDEFGHIJ12",           // uppercase id
        "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc",                    // short id
        "arn:aws:bedrock:us-east-1:123456789012:prompt/A1B2C3D4E5:123456",                 // 6-digit version
        "arn:aws:bedrock:us-east-1:123456789012:prompt/A1B2C3D4",                          // 8-char id
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/anthropic.claude-v2",    // no geo prefix
        "arn:aws:bedrock:us-east-1:123456789012:guardrail/abc123",                         // not a model resource
        "arn:aws:s3:::bucket/key", "arn:gcp:bedrock:us-east-1::foundation-model/anthropic.claude-v2",
        "arn:aws:bedrock:US-EAST-1::foundation-model/anthropic.claude-v2", "arn:aws:bedrock", "arn:",
        String(repeating: "a", count: 2049),
    ]

    @Test(arguments: seedCases)
    func classifiesSeedKinds(_ raw: String, _ expected: ModelIdentifier.Kind) {
        #expect(ModelIdentifier(parsing: raw).kind == expected, "\(raw)")
    }

    @Test(arguments: garbage)
    func rejectsGarbage(_ raw: String) {
        #expect(ModelIdentifier(parsing: raw).kind == .invalid, "\(raw)")
    }

    @Test func extractsParts() throws {
        let profile = ModelIdentifier(parsing:
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0")
        guard case .systemProfile(let id, let geo, let modelId, let arn?) = profile else {
            Issue.record("not a profile: \(profile)"); return
        }
        #expect(id == "us.anthropic.claude-3-5-sonnet-20241022-v2:0")
        #expect(geo == .us)
        #expect(modelId == "anthropic.claude-3-5-sonnet-20241022-v2:0")
        #expect(arn.region == "us-east-1" && arn.account == "123456789012")

        let prompt = ModelIdentifier(parsing: "arn:aws:bedrock:us-west-2:123456789012:prompt/A1B2C3D4E5:42")
        #expect(prompt == .prompt(id: "A1B2C3D4E5", version: 42, arn: try #require(prompt.arn)))
        let draft = ModelIdentifier(parsing: "arn:aws:bedrock:us-west-2:123456789012:prompt/A1B2C3D4E5")
        #expect(draft == .prompt(id: "A1B2C3D4E5", version: nil, arn: try #require(draft.arn)))

        let custom = ModelIdentifier(parsing:
            "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/abcdefghij12")
        guard case .customModel(let base, let short, _) = custom else { Issue.record("\(custom)"); return }
        #expect(base == "amazon.titan-text-express-v1:0:8k" && short == "abcdefghij12")

        let fm = ModelIdentifier(parsing: "arn:aws:bedrock:eu-west-3::foundation-model/anthropic.claude-v2:1")
        guard case .foundationModel(let fmId, let fmArn?) = fm else { Issue.record("\(fm)"); return }
        #expect(fmId == "anthropic.claude-v2:1" && fmArn.region == "eu-west-3" && fmArn.account.isEmpty)
        #expect(fmArn.description == "arn:aws:bedrock:eu-west-3::foundation-model/anthropic.claude-v2:1")

        let router = ModelIdentifier(parsing: "arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1")
        guard case .promptRouter(let name, let isDefault, _) = router else { Issue.record("\(router)"); return }
        #expect(name == "anthropic.claude:1" && isDefault)
    }

    /// botocore patterns (bedrock 2023-04-20 / bedrock-runtime 2023-09-30), anchored. Each ARN-kind we accept must
    /// match its botocore pattern, and each string a botocore ARN-kind pattern accepts must classify as that kind.
    static let oracle: [(ModelIdentifier.Kind, String)] = [
        (.foundationModelARN, #"arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}::foundation-model/[a-z0-9-]{1,63}[.]{1}([a-z0-9-]{1,63}[.]){0,2}[a-z0-9-]{1,63}([:][a-z0-9-]{1,63}){0,2}"#),
        (.provisionedModelARN, #"arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:provisioned-model/[a-z0-9]{12}"#),
        (.importedModelARN, #"arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:imported-model/[a-z0-9]{12}"#),
        (.customModelARN, #"arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:[a-z0-9-]{1,20}:[0-9]{12}:custom-model/(imported|[a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}([a-z0-9-]{1,63}[.]){0,2}[a-z0-9-]{1,63}([:][a-z0-9-]{1,63}){0,2})/[a-z0-9]{12}"#),
        (.customModelDeploymentARN, #"arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:custom-model-deployment/[a-z0-9]{12}"#),
        (.applicationProfileARN, #"arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:application-inference-profile/[a-zA-Z0-9-:.]+"#),
        (.promptARN, #"arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:prompt/[0-9a-zA-Z]{10}(?::[0-9]{1,5})?"#),
        (.promptRouterARN, #"arn:aws(-[^:]+)?:bedrock:([0-9a-z-]{1,20}):([0-9]{12}):(default-)?prompt-router/[a-zA-Z0-9-:.]+"#),
        (.marketplaceEndpointARN, #"arn:aws:sagemaker:[a-z0-9-]+:[0-9]{12}:endpoint/[a-zA-Z0-9-]+"#),
        (.systemProfileARN, #"arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:inference-profile/[a-zA-Z0-9-:.]+"#),
    ]

    static func fullMatch(_ pattern: String, _ text: String) -> Bool {
        guard let regex = try? NSRegularExpression(pattern: "^(?:" + pattern + ")$") else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    @Test func agreesWithBotocorePatterns() {
        let corpus = Self.seedCases.map(\.0) + Self.garbage.filter { $0.count < 300 }
        for raw in corpus {
            let kind = ModelIdentifier(parsing: raw).kind
            let oracleKinds = Self.oracle.filter { Self.fullMatch($0.1, raw) }.map(\.0)
            if let pattern = Self.oracle.first(where: { $0.0 == kind })?.1 {
                #expect(Self.fullMatch(pattern, raw), "\(raw) classified \(kind) but botocore pattern rejects it")
            }
            // The inference-profile pattern is looser than "geo prefix + base model ID"; everything else must agree.
            for oracleKind in oracleKinds where oracleKind != .systemProfileARN {
                #expect(kind == oracleKind, "\(raw): botocore says \(oracleKind), we say \(kind)")
            }
        }
    }

    @Test func baseModelIdMatchesBedrockModelIdPattern() {
        let pattern = #"[a-z0-9-]{1,63}[.]{1}([a-z0-9-]{1,63}[.]){0,2}[a-z0-9-]{1,63}([:][a-z0-9-]{1,63}){0,2}"#
        let samples = ["a.b", "a.b.c.d", "a.b.c.d.e", "a.b:1:2", "a.b:1:2:3", "A.b", "a-b.c-d:e", "a.b::1", "a.b:"]
        for sample in samples {
            #expect(ModelIdentifier.isBaseModelId(sample) == Self.fullMatch(pattern, sample), "\(sample)")
        }
    }
}
