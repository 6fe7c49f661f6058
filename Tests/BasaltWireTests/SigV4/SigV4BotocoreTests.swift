import BasaltWire
import Foundation
import Testing

/// Requests signed by botocore at test time, verified by our code, then tampered with.
@Suite struct SigV4BotocoreTests {
    let cases: [BotocoreCase]
    let verifier = SigV4Verifier(region: "us-east-1")

    init() throws { cases = try BotocoreCase.load() }

    func verify(_ c: BotocoreCase, head: SignedRequestHead? = nil, body: [UInt8]? = nil, secret: String? = nil)
        -> Result<VerifiedRequest, SigV4Error>
    {
        var creds = c.signingCredentials
        if let secret { creds.secretAccessKey = secret }
        return Result { () throws(SigV4Error) -> VerifiedRequest in
            try verifier.verify(head ?? c.head, body: body ?? c.bodyBytes, now: BotocoreCase.signingTime + 42) {
                $0 == creds.accessKeyId ? creds : nil
            }
        }
    }

    @Test func everyCaseWasGenerated() {
        #expect(cases.count == 12)
    }

    @Test func canonicalRequestMatchesBotocore() throws {
        for c in cases where c.form == "header" {
            let params = try SignatureParameters.extract(headers: c.headerPairs, rawQuery: c.query)
            let ours = CanonicalRequest(
                method: c.method, rawPath: c.path, rawQuery: c.query, headers: c.headerPairs,
                signedHeaders: params.signedHeaders, payloadHash: SigV4Crypto.sha256Hex(c.bodyBytes))
            #expect(ours.text == c.canonical, "\(c.name)")
        }
    }

    @Test func botocoreSignaturesVerify() throws {
        for c in cases {
            let verified = try verify(c).get()
            #expect(verified.parameters.signature == c.signature, "\(c.name)")
            #expect(verified.parameters.form.rawValue == c.form, "\(c.name)")
        }
    }

    @Test func ourSignerProducesBotocoresAuthorization() throws {
        for c in cases where c.form == "header" {
            let auth = c.headerPairs.first { $0.name == "Authorization" }!.value
            let input = c.headerPairs.filter { !["authorization", "x-amz-date", "x-amz-security-token"].contains($0.name.lowercased()) }
            let signer = SigV4Signer(credentials: c.signingCredentials, region: "us-east-1")
            let added = signer.sign(
                method: c.method, rawPath: c.path, rawQuery: c.query, headers: input, body: c.bodyBytes,
                time: BotocoreCase.signingTime)
            #expect(added.first { $0.name == "Authorization" }?.value == auth, "\(c.name)")
        }
    }

    @Test func ourPresignerProducesBotocoresQuery() throws {
        for c in cases where c.form == "query" {
            let signer = SigV4Signer(credentials: c.signingCredentials, region: "us-east-1")
            let ours = signer.presignedQuery(
                method: c.method, rawPath: c.path, rawQuery: "extra=v%20a", host: "bedrock-runtime.us-east-1.amazonaws.com",
                time: BotocoreCase.signingTime, expires: 900)
            #expect(ours == c.query, "\(c.name)")
        }
    }

    @Test func tamperedBodyIsRejected() throws {
        for c in cases {
            let result = verify(c, body: c.bodyBytes + [0x20])
            #expect(throws: SigV4Error.self, "\(c.name)") { try result.get() }
            if case .failure(let e) = result { #expect(e.kind == .signatureMismatch) }
        }
    }

    @Test func tamperedSignedHeaderIsRejected() throws {
        for c in cases where c.form == "header" {
            var head = c.head
            let i = head.headers.firstIndex { $0.name.lowercased() == "host" }!
            head.headers[i].value = "evil.example.com"
            #expect(throws: SigV4Error.self, "\(c.name)") { try verify(c, head: head).get() }
            if let ct = c.head.headers.firstIndex(where: { $0.name.lowercased() == "content-type" }) {
                var h2 = c.head
                h2.headers[ct].value = "text/plain"
                #expect(throws: SigV4Error.self, "\(c.name)") { try verify(c, head: h2).get() }
            }
        }
    }

    @Test func unsignedHeaderMayChange() throws {
        for c in cases {
            var head = c.head
            head.headers.append(("User-Agent", "something/else"))
            head.headers.append(("Content-Length", "12345"))
            #expect(throws: Never.self, "\(c.name)") { try verify(c, head: head).get() }
        }
    }

    @Test func tamperedPathOrQueryIsRejected() throws {
        for c in cases {
            var head = c.head
            head.rawPath = c.path.replacingOccurrences(of: "/model/", with: "/model/x")
            if head.rawPath == c.path { head.rawPath += "x" }
            #expect(throws: SigV4Error.self, "\(c.name)") { try verify(c, head: head).get() }
            var q = c.head
            q.rawQuery = c.query.isEmpty ? "a=b" : c.query + "&a=b"
            #expect(throws: SigV4Error.self, "\(c.name)") { try verify(c, head: q).get() }
        }
    }

    @Test func decodedPathDoesNotVerify() throws {
        // Trap 2: verifying against the decoded path (as a framework might hand it over) must fail.
        let c = try #require(cases.first { $0.name == "converse" })
        var head = c.head
        head.rawPath = try #require(c.path.removingPercentEncoding)
        #expect(head.rawPath.contains(":"))
        #expect(throws: SigV4Error.self) { try verify(c, head: head).get() }
    }

    @Test func wrongSecretIsRejectedWithAWSText() throws {
        let c = try #require(cases.first { $0.name == "converse" })
        let result = verify(c, secret: "not-the-secret")
        guard case .failure(let e) = result else {
            Issue.record("verified with the wrong secret")
            return
        }
        #expect(e.awsError.code == "InvalidSignatureException")
        #expect(e.awsError.status == 403)
        #expect(e.message.hasPrefix(
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access"
                + " Key and signing method. Consult the service documentation for details."))
        #expect(e.message.contains("\n\nThe Canonical String for this request should have been\n'\(c.canonical!)'"))
    }
}
