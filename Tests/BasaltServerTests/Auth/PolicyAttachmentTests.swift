import BasaltServer
import BasaltWire
import Foundation
import Testing

/// Attaching policies to credentials (`basalt_policy`), carrying them into the caller's identity, and mapping each
/// request to the IAM action and resource that the policy is asked about.
@Suite struct PolicyAttachmentTests {
    static let allowHaiku = #"""
        {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"bedrock:InvokeModel*",
         "Resource":"arn:aws:bedrock:*::foundation-model/anthropic.claude-3-haiku-*"}}
        """#

    func withDirectory<T>(_ files: [String: String], _ body: (String) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/policies", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        return try body(dir)
    }

    @Test func policyPathIsRelativeToTheCredentialsFile() throws {
        let credentials = """
            [alice]
            aws_access_key_id = AKIDALICE
            aws_secret_access_key = s1
            basalt_policy = policies/alice.json
            basalt_rate_limit = 2.5
            basalt_max_streams = 1

            [bob]
            aws_access_key_id = AKIDBOB
            aws_secret_access_key = s2
            """
        let store = try withDirectory(["credentials": credentials, "policies/alice.json": Self.allowHaiku]) { dir in
            try CredentialStore.load(path: dir + "/credentials")
        }
        let alice = try #require(store.entry(forAccessKey: "AKIDALICE"))
        #expect(alice.policy?.statements.first?.actions.patterns.map(\.text) == ["bedrock:InvokeModel*"])
        #expect(alice.limits == CallerLimits.Overrides(rateLimit: 2.5, maxStreams: 1))
        let bob = try #require(store.entry(forAccessKey: "AKIDBOB"))
        #expect(bob.policy == nil)
        #expect(bob.limits == CallerLimits.Overrides())
    }

    @Test func aPolicyThatDoesNotLoadRefusesTheFile() throws {
        let conditional = #"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{}}}"#
        let section = "[carol]\naws_access_key_id = AKIDCAROL\naws_secret_access_key = s\nbasalt_policy = p.json\n"
        let message = try withDirectory(["credentials": section, "p.json": conditional]) { dir -> String? in
            do {
                _ = try CredentialStore.load(path: dir + "/credentials")
                return nil
            } catch { return "\(error)" }
        }
        #expect(message?.contains("[carol] basalt_policy") == true)
        #expect(message?.contains("Condition") == true)
        let missing = try withDirectory(["credentials": section]) { dir -> String? in
            do {
                _ = try CredentialStore.load(path: dir + "/credentials")
                return nil
            } catch { return "\(error)" }
        }
        #expect(missing?.contains("cannot read policy file") == true)
        #expect(throws: CredentialFileError.self) {
            try CredentialStore.parse("[x]\naws_access_key_id = A\naws_secret_access_key = s\nbasalt_rate_limit = fast\n")
        }
        #expect(throws: CredentialFileError.self) {
            try CredentialStore.parse("[x]\naws_access_key_id = A\naws_secret_access_key = s\nbasalt_max_streams = -1\n")
        }
    }

    @Test func theSignedCallerCarriesItsKeysPolicy() throws {
        let policy = try PolicyDocument.parse(Self.allowHaiku)
        let alice = SigningCredentials(accessKeyId: "AKIDALICE", secretAccessKey: "alice-secret")
        let store = try CredentialStore([.init(name: "alice", credentials: alice, policy: policy)])
        let now: Int64 = 1_705_320_000
        let auth = Authenticator(
            mode: .sigv4, credentials: store, region: "us-east-1", clock: { Date(timeIntervalSince1970: Double(now)) })
        let path = "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"
        let body = Array(#"{"messages":[]}"#.utf8)
        let base = [("host", "127.0.0.1:8080"), ("content-type", "application/json")]
        let headers = base + SigV4Signer(credentials: alice, region: "us-east-1")
            .sign(method: "POST", rawPath: path, headers: base, body: body, time: now)
        let caller = try auth.authenticate(method: "POST", rawPath: path, rawQuery: "", headers: headers, body: body)
        #expect(caller.policy == policy)
        #expect(CallerIdentity.anonymous(accountId: "123456789012").policy == nil)
    }

    // MARK: - Request → action and resource

    static let names = ResourceNames(region: "us-east-1", account: "123456789012")
    static let enforcer = PolicyEnforcer(names: names)

    func request(_ method: String, _ segments: [String], body: String = "") -> APIRequest {
        APIRequest.make(method: method, segments: segments, body: Array(body.utf8), requestId: "r")
    }

    @Test func runtimeOperationsNameTheirModel() async {
        let haiku = "anthropic.claude-3-haiku-20240307-v1:0"
        let fm = "arn:aws:bedrock:us-east-1::foundation-model/\(haiku)"
        let e = Self.enforcer
        #expect(await e.policyRequest(request("POST", ["model", haiku, "converse"]), controlPlane: true)
            == PolicyRequest(action: "bedrock:InvokeModel", resources: [fm]))
        #expect(await e.policyRequest(request("POST", ["model", haiku, "invoke"]), controlPlane: true)
            == PolicyRequest(action: "bedrock:InvokeModel", resources: [fm]))
        #expect(await e.policyRequest(request("POST", ["model", haiku, "converse-stream"]), controlPlane: true)
            == PolicyRequest(action: "bedrock:InvokeModelWithResponseStream", resources: [fm]))
        #expect(await e.policyRequest(request("POST", ["model", haiku, "invoke-with-response-stream"]), controlPlane: true)
            == PolicyRequest(action: "bedrock:InvokeModelWithResponseStream", resources: [fm]))
        #expect(await e.policyRequest(request("POST", ["model", haiku, "count-tokens"]), controlPlane: true)
            == PolicyRequest(action: "bedrock:CountTokens", resources: [fm]))
        // A system profile id: the profile and the foundation model it routes to.
        let profileId = "us.anthropic.claude-3-5-sonnet-20241022-v2:0"
        #expect(await e.policyRequest(request("POST", ["model", profileId, "converse"]), controlPlane: true)?.resources == [
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/\(profileId)",
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0",
        ])
        // ARNs are taken as given.
        let app = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcdefghij12"
        #expect(await e.policyRequest(request("POST", ["model", app, "converse"]), controlPlane: true)?.resources == [app])
        #expect(await e.policyRequest(request("POST", ["model", fm, "invoke"]), controlPlane: true)?.resources == [fm])
        #expect(await e.policyRequest(request("GET", ["health"]), controlPlane: true) == nil)
        #expect(await e.policyRequest(request("POST", ["model", haiku, "nonsense"]), controlPlane: true) == nil)
    }

    @Test func controlPlaneOperationsNameTheirAction() async {
        let e = Self.enforcer
        #expect(await e.policyRequest(request("GET", ["foundation-models"]), controlPlane: true)
            == PolicyRequest(action: "bedrock:ListFoundationModels", resources: ["*"]))
        #expect(await e.policyRequest(request("GET", ["foundation-models", "amazon.titan-text-express-v1"]), controlPlane: true)
            == PolicyRequest(action: "bedrock:GetFoundationModel",
                             resources: ["arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"]))
        #expect(await e.policyRequest(request("POST", ["inference-profiles"]), controlPlane: true)
            == PolicyRequest(action: "bedrock:CreateInferenceProfile",
                             resources: ["arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/*"]))
        let tagged = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcdefghij12"
        #expect(await e.policyRequest(request("POST", ["tagResource"], body: #"{"resourceARN":"\#(tagged)","tags":[]}"#),
                                      controlPlane: true)
            == PolicyRequest(action: "bedrock:TagResource", resources: [tagged]))
        #expect(await e.policyRequest(request("POST", ["prompts", ""]), controlPlane: true)
            == PolicyRequest(action: "bedrock:CreatePrompt", resources: ["arn:aws:bedrock:us-east-1:123456789012:prompt/*"]))
        #expect(await e.policyRequest(request("GET", ["prompts", "ABCDEFGHIJ", ""]), controlPlane: true)
            == PolicyRequest(action: "bedrock:GetPrompt", resources: ["arn:aws:bedrock:us-east-1:123456789012:prompt/ABCDEFGHIJ"]))
        #expect(await e.policyRequest(request("DELETE", ["provisioned-model-throughput", "abcdefghij12"]), controlPlane: true)
            == PolicyRequest(action: "bedrock:DeleteProvisionedModelThroughput",
                             resources: ["arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdefghij12"]))
        // Without a control plane those paths are not operations (they end as 404, not 403).
        #expect(await e.policyRequest(request("GET", ["foundation-models"]), controlPlane: false) == nil)
    }

    @Test func authorizeRendersAccessDenied() async throws {
        let caller = CallerIdentity(
            name: "bob", accessKeyId: "AKIDBOB", method: .sigv4Header, arn: "arn:aws:iam::123456789012:user/bob",
            policy: try PolicyDocument.parse(Self.allowHaiku))
        let e = Self.enforcer
        try await e.authorize(caller, request("POST", ["model", "anthropic.claude-3-haiku-20240307-v1:0", "converse"]), controlPlane: true)
        do {
            try await e.authorize(caller, request("GET", ["foundation-models"]), controlPlane: true)
            Issue.record("ListFoundationModels should be denied")
        } catch {
            #expect(error.code == "AccessDeniedException")
            #expect(error.status == 403)
            #expect(error.message == "User: arn:aws:iam::123456789012:user/bob is not authorized to perform: bedrock:ListFoundationModels on resource: * because no identity-based policy allows the bedrock:ListFoundationModels action")
        }
        var unrestricted = caller
        unrestricted.policy = nil
        try await e.authorize(unrestricted, request("GET", ["foundation-models"]), controlPlane: true)
    }

    @Test func bearerCallersAlsoNeedCallWithBearerToken() async throws {
        let converse = request("POST", ["model", "anthropic.claude-3-haiku-20240307-v1:0", "converse"])
        var caller = CallerIdentity(
            name: "bob", accessKeyId: "AKIDBOB", method: .bearerShortTerm, arn: "arn:aws:iam::123456789012:user/bob",
            policy: try PolicyDocument.parse(Self.allowHaiku))
        do {
            try await Self.enforcer.authorize(caller, converse, controlPlane: true)
            Issue.record("a bearer call without bedrock:CallWithBearerToken should be denied")
        } catch {
            #expect(error.message == "User: arn:aws:iam::123456789012:user/bob is not authorized to perform: bedrock:CallWithBearerToken on resource: * because no identity-based policy allows the bedrock:CallWithBearerToken action")
        }
        caller.policy = try PolicyDocument.parse(#"""
            {"Statement":[{"Effect":"Allow","Action":"bedrock:CallWithBearerToken","Resource":"*"},
                          {"Effect":"Allow","Action":"bedrock:InvokeModel","Resource":"*"}]}
            """#)
        try await Self.enforcer.authorize(caller, converse, controlPlane: true)
        caller.method = .sigv4Header  // SigV4 callers are not asked for it
        caller.policy = try PolicyDocument.parse(Self.allowHaiku)
        try await Self.enforcer.authorize(caller, converse, controlPlane: true)
    }
}
