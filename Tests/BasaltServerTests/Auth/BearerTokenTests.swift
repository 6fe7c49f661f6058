import BasaltServer
import BasaltWire
import Foundation
import Testing

/// Short-term Bedrock API keys (§12.6) and bearer-header handling. The tokens are reference values made by
/// botocore through Amazon's `aws-bedrock-token-generator` (`_generate_token`, clock pinned to 2024-01-15
/// 12:00:00 UTC); the second one's signature is also the one the spec's `bearer_demo.py` prints.
@Suite struct BearerTokenTests {
    /// 2024-01-15T12:00:00Z.
    static let minted: Int64 = 1_705_320_000
    static let example = SigningCredentials(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    /// Credentials AKIDEXAMPLE, us-east-1, X-Amz-Expires 3600, no session token.
    static let oneHour =
        "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9BY3Rpb249Q2FsbFdpdGhCZWFyZXJUb2tlbiZYLUFtei1BbGdvcml0aG09QVdTNC1ITUFDLVNIQTI1NiZYLUFtei1DcmVkZW50aWFsPUFLSURFWEFNUExFJTJGMjAyNDAxMTUlMkZ1cy1lYXN0LTElMkZiZWRyb2NrJTJGYXdzNF9yZXF1ZXN0JlgtQW16LURhdGU9MjAyNDAxMTVUMTIwMDAwWiZYLUFtei1FeHBpcmVzPTM2MDAmWC1BbXotU2lnbmVkSGVhZGVycz1ob3N0JlgtQW16LVNpZ25hdHVyZT02ZmM0ZDJkYjc0Y2ExOGIxZTc0NWZlMmMyNjgyNDNmYzY2YTUyNTJiYjNjYmQzYTIwYTY4Y2U4MDZjZDA4NDcyJlZlcnNpb249MQ=="
    /// Credentials AKIDEXAMPLE + session token SESSIONTOKEN, us-east-1, X-Amz-Expires 43200 (spec §12.6).
    static let withSession =
        "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9BY3Rpb249Q2FsbFdpdGhCZWFyZXJUb2tlbiZYLUFtei1BbGdvcml0aG09QVdTNC1ITUFDLVNIQTI1NiZYLUFtei1DcmVkZW50aWFsPUFLSURFWEFNUExFJTJGMjAyNDAxMTUlMkZ1cy1lYXN0LTElMkZiZWRyb2NrJTJGYXdzNF9yZXF1ZXN0JlgtQW16LURhdGU9MjAyNDAxMTVUMTIwMDAwWiZYLUFtei1FeHBpcmVzPTQzMjAwJlgtQW16LVNpZ25lZEhlYWRlcnM9aG9zdCZYLUFtei1TZWN1cml0eS1Ub2tlbj1TRVNTSU9OVE9LRU4mWC1BbXotU2lnbmF0dXJlPWZmZGI5M2RiYThmOGVlMDMzNTU4ZWM1MzBmMGRhYjgyNjBkNzMyZTU1ZDYwNGRhZWE3MjUwOWMyMDBlMjBmNzMmVmVyc2lvbj0x"

    func authenticator(
        _ credentials: SigningCredentials = example, region: String = "us-east-1", at now: Int64
    ) throws -> Authenticator {
        Authenticator(
            mode: .sigv4, credentials: try CredentialStore([.init(name: "ci", credentials: credentials)]), region: region,
            accountId: "111122223333", clock: { Date(timeIntervalSince1970: Double(now)) })
    }

    func bearer(_ token: String) -> [(name: String, value: String)] {
        [("host", "127.0.0.1:8443"), ("authorization", "Bearer \(token)"), ("content-type", "application/json")]
    }

    func outcome(_ auth: Authenticator, _ token: String) -> Result<CallerIdentity, AWSError> {
        Result { () throws(AWSError) -> CallerIdentity in
            try auth.authenticate(
                method: "POST", rawPath: "/model/m/converse", rawQuery: "", headers: bearer(token), body: Array("{}".utf8))
        }
    }

    @Test func decodesThePresignedURL() throws {
        let key = try #require(ShortTermAPIKey(token: Self.withSession))
        #expect(key.host == "bedrock.amazonaws.com")
        #expect(key.path == "/")
        #expect(key.version == "1")
        #expect(!key.query.contains("Version"))
        #expect(key.query.hasSuffix("X-Amz-Signature=ffdb93dba8f8ee033558ec530f0dab8260d732e55d604daea72509c200e20f73"))
        #expect(key.shapeProblem == nil)
        #expect(ShortTermAPIKey(token: "bedrock-api-key-!!!") == nil)
        #expect(ShortTermAPIKey(token: "ABSKxyz") == nil)
    }

    @Test func botocoreTokenAuthenticatesUntilItExpires() throws {
        let id = try outcome(authenticator(at: Self.minted + 1800), Self.oneHour).get()
        #expect(id.method == .bearerShortTerm)
        #expect(id.name == "ci")
        #expect(id.accessKeyId == "AKIDEXAMPLE")
        #expect(id.arn == "arn:aws:iam::111122223333:user/ci")
        #expect(try outcome(authenticator(at: Self.minted + 3600), Self.oneHour).get().name == "ci")
        // One second past X-Amz-Date + X-Amz-Expires, and more than the skew before X-Amz-Date.
        #expect(throws: AWSError.apiKeyAuthenticationFailed()) { try outcome(authenticator(at: Self.minted + 3601), Self.oneHour).get() }
        #expect(throws: AWSError.apiKeyAuthenticationFailed()) { try outcome(authenticator(at: Self.minted - 600), Self.oneHour).get() }
    }

    @Test func sessionTokenMustMatchTheCredential() throws {
        let temporary = SigningCredentials(
            accessKeyId: "AKIDEXAMPLE", secretAccessKey: Self.example.secretAccessKey, sessionToken: "SESSIONTOKEN")
        #expect(try outcome(authenticator(temporary, at: Self.minted + 40_000), Self.withSession).get().name == "ci")
        // The same token against the long-term credential (no session token) is refused, and vice versa.
        #expect(throws: AWSError.self) { try outcome(authenticator(at: Self.minted + 60), Self.withSession).get() }
        #expect(throws: AWSError.self) { try outcome(authenticator(temporary, at: Self.minted + 60), Self.oneHour).get() }
    }

    @Test func wrongRegionSecretOrSignerIsRefused() throws {
        let at = Self.minted + 60
        #expect(throws: AWSError.apiKeyAuthenticationFailed()) { try outcome(authenticator(region: "us-west-2", at: at), Self.oneHour).get() }
        let guess = SigningCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "guess")
        #expect(throws: AWSError.apiKeyAuthenticationFailed()) { try outcome(authenticator(guess, at: at), Self.oneHour).get() }
        let other = SigningCredentials(accessKeyId: "AKIDOTHER", secretAccessKey: Self.example.secretAccessKey)
        #expect(throws: AWSError.apiKeyAuthenticationFailed()) { try outcome(authenticator(other, at: at), Self.oneHour).get() }
    }

    @Test func tamperedURLIsRefused() throws {
        let decoded = String(decoding: Data(base64Encoded: String(Self.oneHour.dropFirst(16)))!, as: UTF8.self)
        func token(_ url: String) -> String { "bedrock-api-key-" + Data(url.utf8).base64EncodedString() }
        let auth = try authenticator(at: Self.minted + 60)
        for forged in [
            decoded.replacingOccurrences(of: "X-Amz-Expires=3600", with: "X-Amz-Expires=7200"),
            decoded.replacingOccurrences(of: "bedrock.amazonaws.com/", with: "bedrock-runtime.us-east-1.amazonaws.com/"),
            decoded.replacingOccurrences(of: "Signature=6fc4", with: "Signature=6fc5"),
            decoded.replacingOccurrences(of: "Action=CallWithBearerToken", with: "Action=Other"),
        ] {
            #expect(throws: AWSError.apiKeyAuthenticationFailed()) { try outcome(auth, token(forged)).get() }
        }
        // Without the trailing `&Version=1` the signed part is unchanged, so the key still verifies.
        #expect(try outcome(auth, token(String(decoded.dropLast("&Version=1".count)))).get().name == "ci")
    }

    @Test func errorsHaveBedrockShape() throws {
        let auth = try authenticator(at: Self.minted)
        let badPrefix = try #require(outcome(auth, "sk-not-a-bedrock-key").failure)
        #expect(badPrefix.status == 403)
        #expect(badPrefix.code == "AccessDeniedException")
        #expect(badPrefix.errorTypeHeaderValue.hasPrefix("AccessDeniedException:"))
        #expect(badPrefix.body == ["Message": "Invalid API Key format: Must start with pre-defined prefix"])
        let invalid = try #require(outcome(auth, "ABSKbm90LWEta2V5").failure)
        #expect(invalid.status == 403)
        #expect(invalid.body == ["Message": "Authentication failed: Please make sure your API Key is valid."])
        #expect(outcome(auth, "").failure?.code == "AccessDeniedException")
    }

    @Test func bearerSchemeIsCaseInsensitiveAndSigV4StillWorks() throws {
        let auth = try authenticator(at: Self.minted + 60)
        let headers = [("host", "x"), ("authorization", "bearer   \(Self.oneHour)")]
        #expect(try auth.authenticate(method: "POST", rawPath: "/", rawQuery: "", headers: headers, body: []).name == "ci")
        let base = [("host", "127.0.0.1:8080")]
        let signed = base + SigV4Signer(credentials: Self.example, region: "us-east-1")
            .sign(method: "POST", rawPath: "/model/m/converse", headers: base, body: [], time: Self.minted + 60)
        let id = try auth.authenticate(method: "POST", rawPath: "/model/m/converse", rawQuery: "", headers: signed, body: [])
        #expect(id.method == .sigv4Header)
    }

    /// bedrock-agent takes SigV4 only: a valid key there is a malformed SigV4 header.
    @Test func agentRoutesRefuseAPIKeys() throws {
        let auth = try authenticator(at: Self.minted + 60)
        for path in ["/prompts", "/prompts/PROMPT12345/versions", "/tags/arn%3Aaws%3Abedrock"] {
            let refused = Result { () throws(AWSError) -> CallerIdentity in
                try auth.authenticate(method: "GET", rawPath: path, rawQuery: "", headers: bearer(Self.oneHour), body: [])
            }
            let error = try #require(refused.failure, "\(path)")
            #expect(error.code == "IncompleteSignatureException")
            #expect(error.status == 403)
            #expect(error.message.hasPrefix("Authorization header requires 'Credential' parameter."))
        }
        let runtime = try auth.authenticate(
            method: "GET", rawPath: "/foundation-models", rawQuery: "", headers: bearer(Self.oneHour), body: [])
        #expect(runtime.method == .bearerShortTerm)
    }

    @Test func noneModeIgnoresBearerTokens() throws {
        let open = Authenticator(mode: .none, credentials: .empty, region: "us-east-1")
        let id = try open.authenticate(method: "POST", rawPath: "/", rawQuery: "", headers: bearer("junk"), body: [])
        #expect(id.method == .anonymous)
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
