import BasaltServer
import Testing

/// IAM's evaluation: wildcards, case rules, `Not…` elements, and deny-before-allow-before-implicit-deny.
@Suite struct PolicyEvaluationTests {
    static let haiku = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
    static let titan = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"
    static let profile = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0"

    func doc(_ json: String) throws -> PolicyDocument { try PolicyDocument.parse(json) }

    @Test func actionWildcardsAreCaseInsensitive() {
        let p = PolicyPattern("bedrock:invoke*", kind: .action)
        #expect(p.matches("bedrock:InvokeModel"))
        #expect(p.matches("bedrock:InvokeModelWithResponseStream"))
        #expect(!p.matches("bedrock:ListFoundationModels"))
        #expect(!p.matches("bedrock-agent:InvokeModel"))
        #expect(PolicyPattern("BEDROCK:INVOKEMODEL", kind: .action).matches("bedrock:InvokeModel"))
        #expect(PolicyPattern("*", kind: .action).matches("bedrock:GetPrompt"))
        let q = PolicyPattern("bedrock:?etPrompt", kind: .action)
        #expect(q.matches("bedrock:GetPrompt"))
        #expect(!q.matches("bedrock:etPrompt"))
        #expect(!q.matches("bedrock:GGetPrompt"))
        #expect(PolicyPattern("bedrock:*Prompt*", kind: .action).matches("bedrock:CreatePromptVersion"))
    }

    @Test func resourcesAreCaseSensitiveWithWildcards() {
        #expect(PolicyPattern("arn:aws:bedrock:us-east-1::foundation-model/anthropic.*", kind: .resource).matches(Self.haiku))
        #expect(!PolicyPattern("arn:aws:bedrock:us-east-1::foundation-model/Anthropic.*", kind: .resource).matches(Self.haiku))
        #expect(!PolicyPattern("arn:aws:bedrock:us-east-1::foundation-model/anthropic.*", kind: .resource).matches(Self.titan))
        // `?` is exactly one character.
        #expect(PolicyPattern("arn:aws:bedrock:us-east-?::foundation-model/*", kind: .resource).matches(Self.haiku))
        #expect(!PolicyPattern("arn:aws:bedrock:us-east-??::foundation-model/*", kind: .resource).matches(Self.haiku))
        // A field ending in `*` expands past the colons; other fields match field by field.
        #expect(PolicyPattern("arn:aws:bedrock:*", kind: .resource).matches(Self.profile))
        #expect(PolicyPattern("arn:aws:bedrock:*:*:inference-profile/*", kind: .resource).matches(Self.profile))
        #expect(!PolicyPattern("arn:aws:bedrock:*:*:inference-profile/*", kind: .resource).matches(Self.haiku))
        #expect(PolicyPattern("arn:aws:bedrock:*::foundation-model/*", kind: .resource).matches(Self.haiku))
        #expect(!PolicyPattern("arn:aws:bedrock:us-west-2::foundation-model/*", kind: .resource).matches(Self.haiku))
        #expect(!PolicyPattern("arn:aws:bedrock", kind: .resource).matches(Self.haiku))
        #expect(PolicyPattern("*", kind: .resource).matches(Self.haiku))
        // The model id's own colons are part of the resource field.
        #expect(PolicyPattern("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:?", kind: .resource)
            .matches(Self.haiku))
        // List operations have the resource `*`, which only `*` names.
        #expect(!PolicyPattern("arn:aws:bedrock:*", kind: .resource).matches("*"))
    }

    @Test func explicitDenyBeatsAllowAndNothingMatchingIsAnImplicitDeny() throws {
        let policy = try doc(#"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"bedrock:*","Resource":"*"},
              {"Effect":"Deny","Action":"bedrock:InvokeModel*","Resource":"arn:aws:bedrock:*::foundation-model/amazon.*"}]}
            """#)
        #expect(policy.evaluate(action: "bedrock:InvokeModel", resource: Self.haiku) == .allowed)
        #expect(policy.evaluate(action: "bedrock:InvokeModel", resource: Self.titan) == .explicitDeny)
        #expect(policy.evaluate(action: "bedrock:InvokeModelWithResponseStream", resource: Self.titan) == .explicitDeny)
        #expect(policy.evaluate(action: "bedrock:GetFoundationModel", resource: Self.titan) == .allowed)
        #expect(policy.evaluate(action: "s3:GetObject", resource: "arn:aws:s3:::bucket/key") == .implicitDeny)
        // Statement order does not matter.
        let reversed = PolicyDocument(statements: policy.statements.reversed())
        #expect(reversed.evaluate(action: "bedrock:InvokeModel", resource: Self.titan) == .explicitDeny)
        #expect(PolicyDocument(statements: []).evaluate(action: "bedrock:InvokeModel", resource: Self.haiku) == .implicitDeny)
    }

    @Test func notActionAndNotResourceNameEverythingElse() throws {
        let policy = try doc(#"""
            {"Statement":[{"Effect":"Allow","NotAction":"bedrock:Delete*","NotResource":"arn:aws:bedrock:*:*:prompt/*"}]}
            """#)
        #expect(policy.evaluate(action: "bedrock:InvokeModel", resource: Self.haiku) == .allowed)
        #expect(policy.evaluate(action: "bedrock:DeleteInferenceProfile", resource: Self.profile) == .implicitDeny)
        #expect(policy.evaluate(action: "bedrock:GetPrompt", resource: "arn:aws:bedrock:us-east-1:123456789012:prompt/ABCDEFGHIJ")
            == .implicitDeny)
        let denyAllBut = try doc(#"""
            {"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
                          {"Effect":"Deny","NotAction":["bedrock:List*","bedrock:Get*"],"Resource":"*"}]}
            """#)
        #expect(denyAllBut.evaluate(action: "bedrock:ListFoundationModels", resource: "*") == .allowed)
        #expect(denyAllBut.evaluate(action: "bedrock:CreatePrompt", resource: "*") == .explicitDeny)
    }

    @Test func everyResourceOfARequestMustBeAllowed() throws {
        let fm = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0"
        let request = PolicyRequest(action: "bedrock:InvokeModel", resources: [Self.profile, fm])
        let profileOnly = try doc(#"{"Statement":{"Effect":"Allow","Action":"bedrock:InvokeModel","Resource":"arn:aws:bedrock:*:*:inference-profile/*"}}"#)
        #expect(profileOnly.evaluate(request) == (.implicitDeny, fm))
        let both = try doc(#"{"Statement":{"Effect":"Allow","Action":"bedrock:InvokeModel","Resource":["arn:aws:bedrock:*:*:inference-profile/*","arn:aws:bedrock:*::foundation-model/*"]}}"#)
        #expect(both.evaluate(request) == (.allowed, Self.profile))
        let denyFM = try doc(#"""
            {"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
                          {"Effect":"Deny","Action":"*","Resource":"arn:aws:bedrock:*::foundation-model/*"}]}
            """#)
        #expect(denyFM.evaluate(request) == (.explicitDeny, fm))
    }

    @Test func denialMessagesFollowAWSWording() {
        let implicit = PolicyEnforcer.denialMessage(
            principal: "arn:aws:iam::123456789012:user/bob", action: "bedrock:InvokeModel", resource: Self.titan,
            decision: .implicitDeny)
        #expect(implicit == "User: arn:aws:iam::123456789012:user/bob is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1 because no identity-based policy allows the bedrock:InvokeModel action")
        let explicit = PolicyEnforcer.denialMessage(
            principal: "arn:aws:iam::123456789012:user/bob", action: "bedrock:ListFoundationModels", resource: "*",
            decision: .explicitDeny)
        #expect(explicit == "User: arn:aws:iam::123456789012:user/bob is not authorized to perform: bedrock:ListFoundationModels on resource: * with an explicit deny in an identity-based policy")
    }
}
