import BasaltWire
import Testing

/// Known answers from the spec (§12.3 worked example, §12.6 bearer presigned URL, §12.5 AWS error texts),
/// all produced by botocore or real AWS, not by this code.
@Suite struct SigV4KnownAnswerTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let body = #"{"messages":[{"role":"user","content":[{"text":"Hello"}]}]}"#
    static let head = SignedRequestHead(
        method: "POST", rawPath: "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse", rawQuery: "",
        headers: [
            ("Host", "bedrock-runtime.us-east-1.amazonaws.com"), ("Content-Type", "application/json"),
            ("X-Amz-Date", "20240115T120000Z"),
            ("Authorization",
             "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240115/us-east-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=01e232367693b843abbbb5d81e208f40822c2878a3bec58fa1697e48a398f065"),
            ("Content-Length", "61"), ("User-Agent", "Boto3/1.43"),
        ])
    static let lookup: @Sendable (String) -> SigningCredentials? = {
        $0 == "AKIDEXAMPLE" ? SigningCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: secret) : nil
    }

    @Test func workedExampleCanonicalRequest() {
        let cr = CanonicalRequest(
            method: "POST", rawPath: Self.head.rawPath, rawQuery: "", headers: Self.head.headers,
            signedHeaders: ["content-type", "host", "x-amz-date"], payloadHash: SigV4Crypto.sha256Hex(Self.body))
        #expect(cr.text == """
            POST
            /model/anthropic.claude-3-haiku-20240307-v1%253A0/converse

            content-type:application/json
            host:bedrock-runtime.us-east-1.amazonaws.com
            x-amz-date:20240115T120000Z

            content-type;host;x-amz-date
            7421da8d1a0949a481724fee62d5886aacde03836bf58248adb73e8b61ac0d54
            """)
        let sts = cr.stringToSign(requestTime: "20240115T120000Z", scope: "20240115/us-east-1/bedrock/aws4_request")
        #expect(sts == """
            AWS4-HMAC-SHA256
            20240115T120000Z
            20240115/us-east-1/bedrock/aws4_request
            bfc3045223c6dd499754b6eca01de39d0f7a38ba3bebd118e13b92bcfdb27930
            """)
        let key = SigV4Crypto.signingKey(secret: Self.secret, date: "20240115", region: "us-east-1", service: "bedrock")
        #expect(SigV4Crypto.signature(signingKey: key, stringToSign: sts)
            == "01e232367693b843abbbb5d81e208f40822c2878a3bec58fa1697e48a398f065")
    }

    @Test func workedExampleVerifies() throws {
        let v = SigV4Verifier(region: "us-east-1")
        let ok = try v.verify(Self.head, body: Array(Self.body.utf8), now: 1_705_320_000, lookup: Self.lookup)
        #expect(ok.parameters.credential.accessKeyId == "AKIDEXAMPLE")
        #expect(ok.parameters.form == .header)
    }

    @Test func emptyPayloadHash() {
        #expect(SigV4Crypto.sha256Hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// §12.6: a short-term bearer key is a presigned `POST /` with a session token, signed by botocore.
    @Test func bearerPresignedURLVerifies() throws {
        let query = "Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIDEXAMPLE%2F20240115%2Fus-east-1%2Fbedrock%2Faws4_request&X-Amz-Date=20240115T120000Z"
            + "&X-Amz-Expires=43200&X-Amz-SignedHeaders=host&X-Amz-Security-Token=SESSIONTOKEN"
            + "&X-Amz-Signature=ffdb93dba8f8ee033558ec530f0dab8260d732e55d604daea72509c200e20f73"
        let head = SignedRequestHead(method: "POST", rawPath: "/", rawQuery: query, headers: [("host", "bedrock.amazonaws.com")])
        let creds = SigningCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: Self.secret, sessionToken: "SESSIONTOKEN")
        let v = SigV4Verifier(region: "us-east-1")
        // Valid for 12 hours after signing...
        let ok = try v.verify(head, body: [], now: 1_705_320_000 + 43_000) { _ in creds }
        #expect(ok.parameters.form == .query)
        #expect(ok.parameters.expires == 43_200)
        // ...and not after.
        #expect(throws: SigV4Error.self) { try v.verify(head, body: [], now: 1_705_320_000 + 43_201) { _ in creds } }
        // The session token is part of the key.
        let noToken = SigningCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: Self.secret)
        #expect(throws: SigV4Error.unrecognizedClient()) { try v.verify(head, body: [], now: 1_705_320_000) { _ in noToken } }
    }

    /// §12.5 / trap 29: the exact texts real AWS sent.
    @Test func skewMessagesMatchAWS() throws {
        let v = SigV4Verifier(region: "us-east-1")
        func attempt(date: String, now: Int64) -> SigV4Error? {
            var head = Self.head
            head.headers[2].value = date
            let auth = Self.head.headers[3].value.replacingOccurrences(of: "20240115/", with: "\(date.prefix(8))/")
            head.headers[3].value = auth
            do {
                _ = try v.verify(head, body: Array(Self.body.utf8), now: now, lookup: Self.lookup)
                return nil
            } catch { return error }
        }
        let expired = try #require(attempt(date: "20250130T203827Z", now: 1_738_269_991))  // now 20250130T204631Z
        #expect(expired.message
            == "Signature expired: 20250130T203827Z is now earlier than 20250130T204131Z (20250130T204631Z - 5 min.)")
        #expect(expired.code == "InvalidSignatureException" && expired.status == 403)
        let future = try #require(attempt(date: "20131120T113529Z", now: 1_384_944_038))  // now 20131120T104038Z
        #expect(future.message
            == "Signature not yet current: 20131120T113529Z is still later than 20131120T104538Z (20131120T104038Z + 5 min.)")
        // Exactly 5 minutes either way is still accepted.
        #expect(attempt(date: "20240115T120000Z", now: 1_705_320_300) == nil)
        #expect(attempt(date: "20240115T120000Z", now: 1_705_319_700) == nil)
        #expect(attempt(date: "20240115T120000Z", now: 1_705_320_301)?.kind == .expired)
        #expect(attempt(date: "20240115T120000Z", now: 1_705_319_699)?.kind == .expired)
    }

    @Test func timestamps() {
        #expect(SigV4Timestamp.seconds(fromBasic: "20240115T120000Z") == 1_705_320_000)
        #expect(SigV4Timestamp.basic(fromSeconds: 1_738_269_991) == "20250130T204631Z")
        #expect(SigV4Timestamp.seconds(fromRFC1123: "Mon, 15 Jan 2024 12:00:00 GMT") == 1_705_320_000)
        for bad in ["2024-01-15T12:00:00Z", "20240115T120000", "20241315T120000Z", "20240115T250000Z", ""] {
            #expect(SigV4Timestamp.seconds(fromBasic: bad) == nil, "\(bad)")
        }
    }

    @Test func canonicalURIDoubleEncodes() {
        #expect(CanonicalRequest.canonicalURI("/model/a%3Ab/converse") == "/model/a%253Ab/converse")
        #expect(CanonicalRequest.canonicalURI("/model/arn%3Aaws%2Fx") == "/model/arn%253Aaws%252Fx")
        #expect(CanonicalRequest.canonicalURI("") == "/")
        #expect(CanonicalRequest.canonicalURI("/a//b/./c/../d?x=1") == "/a/b/d")
        #expect(CanonicalRequest.canonicalURI("/~user/a b") == "/~user/a%20b")
    }

    @Test func constantTimeCompare() {
        #expect(SigV4Crypto.constantTimeEquals("abc", "abc"))
        #expect(!SigV4Crypto.constantTimeEquals("abc", "abd"))
        #expect(!SigV4Crypto.constantTimeEquals("abc", "abcd"))
        #expect(!SigV4Crypto.constantTimeEquals("", "a"))
    }
}
