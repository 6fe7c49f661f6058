import BasaltServer
import BasaltWire
import Foundation
import Testing

@Suite struct AuthenticatorTests {
    static let now: Int64 = 1_705_320_000
    static let path = "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"
    static let body = Array(#"{"messages":[{"role":"user","content":[{"text":"hi"}]}]}"#.utf8)
    static let alice = SigningCredentials(accessKeyId: "AKIDALICE", secretAccessKey: "alice-secret")

    func authenticator(_ mode: ServerConfiguration.AuthMode = .sigv4, now: Int64 = now) throws -> Authenticator {
        let store = try CredentialStore([.init(name: "alice", credentials: Self.alice)])
        return Authenticator(
            mode: mode, credentials: store, region: "us-east-1", accountId: "111122223333",
            clock: { Date(timeIntervalSince1970: Double(now)) })
    }

    func signedHeaders(_ creds: SigningCredentials = alice, body: [UInt8] = body) -> [(name: String, value: String)] {
        let base = [("host", "127.0.0.1:8080"), ("content-type", "application/json")]
        return base + SigV4Signer(credentials: creds, region: "us-east-1")
            .sign(method: "POST", rawPath: Self.path, headers: base, body: body, time: Self.now)
    }

    func error(_ auth: Authenticator, headers: [(name: String, value: String)], body: [UInt8] = body) -> AWSError? {
        do {
            _ = try auth.authenticate(method: "POST", rawPath: Self.path, rawQuery: "", headers: headers, body: body)
            return nil
        } catch { return error }
    }

    @Test func signedRequestYieldsTheCaller() throws {
        let id = try authenticator().authenticate(
            method: "POST", rawPath: Self.path, rawQuery: "", headers: signedHeaders(), body: Self.body)
        #expect(id.name == "alice")
        #expect(id.accessKeyId == "AKIDALICE")
        #expect(id.method == .sigv4Header)
        #expect(id.arn == "arn:aws:iam::111122223333:user/alice")
    }

    @Test func failuresRenderAsAWSFrontDoorErrors() throws {
        let auth = try authenticator()
        let unsigned = error(auth, headers: [("host", "x")])
        #expect(unsigned?.status == 403)
        #expect(unsigned?.code == "MissingAuthenticationTokenException")
        #expect(unsigned?.body == ["message": "Missing Authentication Token"])
        let stranger = error(auth, headers: signedHeaders(SigningCredentials(accessKeyId: "AKIDNOBODY", secretAccessKey: "x")))
        #expect(stranger?.code == "UnrecognizedClientException")
        #expect(stranger?.message == "The security token included in the request is invalid.")
        let wrongSecret = error(auth, headers: signedHeaders(SigningCredentials(accessKeyId: "AKIDALICE", secretAccessKey: "guess")))
        #expect(wrongSecret?.code == "InvalidSignatureException")
        #expect(wrongSecret?.message.hasPrefix("The request signature we calculated does not match") == true)
        let tampered = error(auth, headers: signedHeaders(), body: Self.body.reversed())
        #expect(tampered?.code == "InvalidSignatureException")
        let late = error(try authenticator(now: Self.now + 3600), headers: signedHeaders())
        #expect(late?.message.hasPrefix("Signature expired: 20240115T120000Z is now earlier than") == true)
    }

    @Test func headIsRefusedBeforeTheBodyIsRead() throws {
        #expect(throws: AWSError.self) {
            try authenticator().begin(method: "POST", rawPath: Self.path, rawQuery: "", headers: [("host", "x")])
        }
        // A good head passes step 1; only the body can still fail.
        let pending = try authenticator().begin(method: "POST", rawPath: Self.path, rawQuery: "", headers: signedHeaders())
        #expect(throws: AWSError.self) { try pending.finish(body: []) }
        #expect(try pending.finish(body: Self.body).name == "alice")
    }

    @Test func noneModeAndHealthAreAnonymous() throws {
        let open = try authenticator(.none)
        let id = try open.authenticate(method: "POST", rawPath: Self.path, rawQuery: "", headers: [], body: Self.body)
        #expect(id.method == .anonymous)
        #expect(id.accessKeyId == nil)
        let closed = try authenticator()
        #expect(try closed.authenticate(method: "GET", rawPath: "/health", rawQuery: "", headers: [], body: []).method == .anonymous)
        #expect(throws: AWSError.self) { try closed.authenticate(method: "POST", rawPath: "/health", rawQuery: "", headers: [], body: []) }
        #expect(throws: AWSError.self) { try closed.authenticate(method: "GET", rawPath: "/health/x", rawQuery: "", headers: [], body: []) }
    }

    @Test func presignedURLIdentifiesTheCaller() throws {
        let q = SigV4Signer(credentials: Self.alice, region: "us-east-1")
            .presignedQuery(method: "POST", rawPath: Self.path, host: "127.0.0.1:8080", body: Self.body, time: Self.now)
        let id = try authenticator().authenticate(
            method: "POST", rawPath: Self.path, rawQuery: q, headers: [("host", "127.0.0.1:8080")], body: Self.body)
        #expect(id.method == .sigv4Query)
    }

    @Test func makeRequiresACredentialsFileForSigV4() throws {
        let config = ServerConfiguration(auth: .sigv4)
        #expect(throws: CredentialFileError.self) { try Authenticator.make(configuration: config, credentialsPath: nil) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString)").path
        try "# nothing\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: CredentialFileError.self) { try Authenticator.make(configuration: config, credentialsPath: path) }
        #expect(try Authenticator.make(configuration: ServerConfiguration(), credentialsPath: nil).mode == .none)
    }
}
