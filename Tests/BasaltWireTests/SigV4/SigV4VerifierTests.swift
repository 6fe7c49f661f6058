import BasaltWire
import Testing

/// Failure classes and AWS's texts for them (§12.2, §12.5). Requests are signed with `SigV4Signer`, which
/// `SigV4BotocoreTests` checks against botocore.
@Suite struct SigV4VerifierTests {
    static let now: Int64 = 1_705_320_000
    static let key = SigningCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret-1")
    static let temp = SigningCredentials(accessKeyId: "ASIATEMP", secretAccessKey: "secret-2", sessionToken: "tok/en+=")
    static let host = ("host", "localhost:8080")
    static let body = Array(#"{"messages":[]}"#.utf8)
    static let path = "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"

    let verifier = SigV4Verifier(region: "us-east-1")

    func lookup(_ id: String) -> SigningCredentials? { [Self.key, Self.temp].first { $0.accessKeyId == id } }

    func signed(
        _ creds: SigningCredentials = key, region: String = "us-east-1", service: String = "bedrock", at time: Int64 = now
    ) -> SignedRequestHead {
        let headers = [Self.host, ("Content-Type", "application/json")]
        let added = SigV4Signer(credentials: creds, region: region, service: service)
            .sign(method: "POST", rawPath: Self.path, headers: headers, body: Self.body, time: time)
        return SignedRequestHead(method: "POST", rawPath: Self.path, rawQuery: "", headers: headers + added)
    }

    func failure(_ head: SignedRequestHead, body: [UInt8] = body, now: Int64 = now) -> SigV4Error? {
        do {
            _ = try verifier.verify(head, body: body, now: now, lookup: lookup)
            return nil
        } catch { return error }
    }

    func replacing(_ head: SignedRequestHead, _ name: String, with value: String?) -> SignedRequestHead {
        var h = head
        h.headers.removeAll { $0.name.lowercased() == name }
        if let value { h.headers.append((name, value)) }
        return h
    }

    @Test func validRequestsPass() {
        #expect(failure(signed()) == nil)
        #expect(failure(signed(Self.temp)) == nil)
    }

    @Test func missingAuthorization() {
        let e = failure(replacing(signed(), "authorization", with: nil))
        #expect(e == .missingAuthenticationToken())
        #expect(e?.awsError.code == "MissingAuthenticationTokenException")
        #expect(e?.awsError.message == "Missing Authentication Token")
        #expect(e?.awsError.status == 403)
    }

    @Test func incompleteAuthorization() {
        let head = replacing(replacing(signed(), "authorization", with: "AWS4-HMAC-SHA256 SignedHeaders=host"), "x-amz-date", with: nil)
        #expect(failure(head)?.message == """
            Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. \
            Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. \
            Authorization=AWS4-HMAC-SHA256 SignedHeaders=host
            """)
        #expect(failure(head)?.code == "IncompleteSignatureException")
        let noEquals = replacing(signed(), "authorization", with: "Bearer abc")
        #expect(failure(noEquals)?.message
            == "'abc' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer abc'.")
        let badCredential = replacing(
            signed(), "authorization", with: "AWS4-HMAC-SHA256 Credential=AKID/20240115, SignedHeaders=host, Signature=00")
        #expect(failure(badCredential)?.kind == .incompleteSignature)
        let badDate = replacing(signed(), "x-amz-date", with: "2024-01-15T12:00:00Z")
        #expect(failure(badDate)?.message
            == "Date must be in ISO-8601 'basic format'. Got '2024-01-15T12:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601")
    }

    @Test func unknownKey() {
        let stranger = SigningCredentials(accessKeyId: "AKIDUNKNOWN", secretAccessKey: "x")
        let e = failure(signed(stranger))
        #expect(e?.awsError.code == "UnrecognizedClientException")
        #expect(e?.awsError.message == "The security token included in the request is invalid.")
        #expect(e?.awsError.errorTypeHeaderValue
            == "UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/")
    }

    @Test func wrongScope() {
        #expect(failure(signed(region: "us-west-2"))?.message == "Credential should be scoped to a valid region. ")
        #expect(failure(signed(service: "bedrock-runtime"))?.message == "Credential should be scoped to correct service: 'bedrock'. ")
        // Scope date differs from X-Amz-Date.
        let head = signed()
        let auth = head.headers.first { $0.name == "Authorization" }!.value.replacingOccurrences(of: "/20240115/", with: "/20240116/")
        #expect(failure(replacing(head, "authorization", with: auth))?.message
            == "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240116' != '20240115', from '20240115T120000Z'.")
    }

    @Test func sessionTokens() {
        // Temporary key without its token, with a wrong token, with an unsigned token.
        let head = signed(Self.temp)
        #expect(failure(replacing(head, "x-amz-security-token", with: nil)) == .unrecognizedClient())
        #expect(failure(replacing(head, "x-amz-security-token", with: "other")) == .unrecognizedClient())
        // A long-term key must not come with a token.
        let withToken = SigningCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret-1", sessionToken: "tok")
        #expect(failure(signed(withToken)) == .unrecognizedClient())
        // A token header that is present but not in SignedHeaders is refused.
        var unsigned = signed(Self.temp)
        let auth = unsigned.headers.first { $0.name == "Authorization" }!.value
            .replacingOccurrences(of: ";x-amz-security-token", with: "")
        unsigned = replacing(unsigned, "authorization", with: auth)
        #expect(failure(unsigned) == .unrecognizedClient())
    }

    @Test func clockWindow() {
        #expect(failure(signed(at: Self.now - 301))?.kind == .expired)
        #expect(failure(signed(at: Self.now + 301))?.kind == .expired)
        #expect(failure(signed(at: Self.now - 300)) == nil)
        #expect(failure(signed(at: Self.now + 300)) == nil)
        let custom = SigV4Verifier(region: "us-east-1", allowedSkew: 900)
        #expect(throws: Never.self) { try custom.verify(signed(at: Self.now - 899), body: Self.body, now: Self.now, lookup: lookup) }
    }

    @Test func rfc1123DateHeaderIsAccepted() {
        // A client that sends `Date` instead of `X-Amz-Date`: sign with the same instant by hand.
        let headers = [Self.host, ("Date", "Mon, 15 Jan 2024 12:00:00 GMT")]
        let cr = CanonicalRequest(
            method: "POST", rawPath: Self.path, rawQuery: "", headers: headers, signedHeaders: ["date", "host"],
            payloadHash: SigV4Crypto.sha256Hex(Self.body))
        let scope = "20240115/us-east-1/bedrock/aws4_request"
        let key = SigV4Crypto.signingKey(secret: "secret-1", date: "20240115", region: "us-east-1", service: "bedrock")
        let sig = SigV4Crypto.signature(signingKey: key, stringToSign: cr.stringToSign(requestTime: "20240115T120000Z", scope: scope))
        let head = SignedRequestHead(method: "POST", rawPath: Self.path, rawQuery: "", headers: headers + [(
            "Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\(scope), SignedHeaders=date;host, Signature=\(sig)"
        )])
        #expect(failure(head) == nil)
    }

    @Test func presignedURL() {
        let signer = SigV4Signer(credentials: Self.temp, region: "us-east-1")
        let q = signer.presignedQuery(method: "POST", rawPath: Self.path, host: "localhost:8080", body: Self.body, time: Self.now, expires: 3600)
        let head = SignedRequestHead(method: "POST", rawPath: Self.path, rawQuery: q, headers: [Self.host])
        #expect(failure(head, now: Self.now + 3599) == nil)
        #expect(failure(head, now: Self.now + 3601)?.message
            == "Signature expired: 20240115T120000Z is now earlier than 20240115T120001Z (20240115T130001Z - 60 min.)")
        #expect(failure(head, body: Self.body + [1])?.kind == .signatureMismatch)
        // Both an Authorization header and presigned parameters.
        #expect(failure(SignedRequestHead(method: "POST", rawPath: Self.path, rawQuery: q, headers: [Self.host, ("Authorization", "x")]))?.kind
            == .incompleteSignature)
        // Missing pieces.
        let partial = q.split(separator: "&").filter { !$0.hasPrefix("X-Amz-Date=") }.joined(separator: "&")
        #expect(failure(SignedRequestHead(method: "POST", rawPath: Self.path, rawQuery: partial, headers: [Self.host]))?.kind
            == .incompleteSignature)
    }

    @Test func garbageNeverCrashes() {
        // A small deterministic fuzz of the Authorization header and query: every outcome is a SigV4Error.
        var rng = SplitMix(seed: 7)
        let alphabet = Array("AWS4-HMAC-SHA256 Credential=/,;=%&SignedHeaders=Signature= \t0123456789abcdefX-Amz-Date")
        for _ in 0..<2000 {
            let n = Int(rng.next() % 80)
            let s = String((0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            let head = SignedRequestHead(
                method: "POST", rawPath: "/" + s, rawQuery: s,
                headers: [Self.host, ("Authorization", s), ("X-Amz-Date", s)])
            #expect(failure(head) != nil)
        }
    }
}

/// Deterministic generator for the fuzz loop.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
