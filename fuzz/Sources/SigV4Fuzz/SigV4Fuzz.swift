import BasaltWire

/// libFuzzer entry point for SigV4 (§12.1–12.2) and the path conventions (§1.2).
///
/// The input is split on NUL bytes into fields (see `FuzzRequest`). Nothing may trap, and:
/// - the canonical request is deterministic and well-formed (URI and query only unreserved bytes, `/`,
///   `=`, `&` and `%XX` escapes; no `.`, `..` or empty path segments; sorted query pairs);
/// - signature parsing (`Authorization` header or presigned query) either throws or yields a scope that
///   re-parses to itself; the verifier never accepts a fuzzed signature for a known key it did not make;
/// - signing the fuzzed request (header and presigned forms) and verifying it round-trips;
/// - SigV4 timestamps re-format to themselves; path labels percent-decode(percent-encode(x)) == x.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let r = FuzzRequest(Array(UnsafeBufferPointer(start: data, count: size)))
    checkCanonicalRequest(r)
    checkSignatureParsing(r)
    checkSignRoundTrip(r)
    checkPresignRoundTrip(r)
    checkTimestamps(r.amzDate)
    checkPathSegments(r.path)
    return 0
}

let baseTime: Int64 = 1_705_320_000  // 2024-01-15T12:00:00Z
let longTerm = SigningCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
let temporary = SigningCredentials(accessKeyId: "ASIAFUZZ", secretAccessKey: "temp/secret+", sessionToken: "tok+en/=")

func lookup(_ id: String) -> SigningCredentials? {
    id == longTerm.accessKeyId ? longTerm : id == temporary.accessKeyId ? temporary : nil
}

func checkCanonicalRequest(_ r: FuzzRequest) {
    let signed = r.headers.map { $0.name.lowercased() }
    let a = CanonicalRequest(method: r.method, rawPath: r.path, rawQuery: r.query, headers: r.headers,
                             signedHeaders: signed, payloadHash: SigV4Crypto.sha256Hex(r.body))
    let b = CanonicalRequest(method: r.method, rawPath: r.path, rawQuery: r.query, headers: r.headers,
                             signedHeaders: signed, payloadHash: SigV4Crypto.sha256Hex(r.body))
    require(a == b && a.text == b.text, "canonical request is not deterministic")
    require(a.stringToSign(requestTime: "20240115T120000Z", scope: "20240115/us-east-1/bedrock/aws4_request")
        == b.stringToSign(requestTime: "20240115T120000Z", scope: "20240115/us-east-1/bedrock/aws4_request"),
        "string to sign is not deterministic")
    require(isEncoded(a.uri, extra: "/"), "canonical URI has a raw byte: \(a.uri)")
    let segments = a.uri.split(separator: "/", omittingEmptySubsequences: false).dropFirst().dropLast()
    require(!segments.contains { $0.isEmpty || $0 == "." || $0 == ".." }, "canonical URI keeps a dot/empty segment: \(a.uri)")
    if r.path.hasPrefix("/") {
        let once = CanonicalRequest.removeDotSegments(r.path.prefix { $0 != "?" })
        require(CanonicalRequest.removeDotSegments(once) == once, "dot-segment removal is not idempotent: \(once)")
    }
    require(isEncoded(a.query, extra: "=&"), "canonical query has a raw byte: \(a.query)")
    let pairs = a.query.isEmpty ? [] : a.query.split(separator: "&", omittingEmptySubsequences: false)
    for pair in pairs {
        require(pair.filter { $0 == "=" }.count == 1, "canonical query pair is not key=value: \(pair)")
    }
    // Sorted by key, then by value (byte order), as AWS specifies.
    let keyed = pairs.map { p in (Array(p.prefix { $0 != "=" }.utf8), Array(p.drop { $0 != "=" }.utf8)) }
    for (x, y) in zip(keyed, keyed.dropFirst()) {
        let ordered = x.0 == y.0 ? !y.1.lexicographicallyPrecedes(x.1) : x.0.lexicographicallyPrecedes(y.0)
        require(ordered, "canonical query is not sorted: \(a.query)")
    }
    require(a.headers.split(separator: "\n", omittingEmptySubsequences: false).count == signed.count + 1,
            "canonical header block has the wrong line count")
}

func checkSignatureParsing(_ r: FuzzRequest) {
    var headers = r.headers
    if let auth = r.authorization { headers.append(("Authorization", auth)) }
    if !r.amzDate.isEmpty { headers.append(("X-Amz-Date", r.amzDate)) }
    let head = SignedRequestHead(method: r.method, rawPath: r.path, rawQuery: r.query, headers: headers)
    if let p = try? SignatureParameters.extract(headers: headers, rawQuery: r.query) {
        let again = try? CredentialScope(parsing: p.credential.credential)
        require(again == p.credential, "credential scope does not re-parse to itself")
        require(p.signedHeaders.allSatisfy { $0 == $0.lowercased() }, "signed header names not lower-cased")
    }
    let verifier = SigV4Verifier(region: "us-east-1")
    for now in [baseTime, r.time] {
        guard let pending = try? verifier.check(head, now: now, lookup: lookup) else { continue }
        // A fuzzed signature must never verify unless it is the one the key produces.
        if let ok = try? pending.verify(body: r.body) {
            let canonical = CanonicalRequest(
                method: r.method, rawPath: r.path, rawQuery: r.query,
                excludingQueryKeys: ok.parameters.form == .query ? ["X-Amz-Signature"] : [], headers: headers,
                signedHeaders: ok.parameters.signedHeaders, payloadHash: SigV4Crypto.sha256Hex(r.body))
            let key = SigV4Crypto.signingKey(secret: ok.credentials.secretAccessKey, date: ok.parameters.credential.date,
                                             region: "us-east-1", service: "bedrock")
            let sts = canonical.stringToSign(requestTime: ok.parameters.requestTime, scope: ok.parameters.credential.scope)
            require(SigV4Crypto.signature(signingKey: key, stringToSign: sts) == ok.parameters.signature,
                    "verifier accepted a signature that does not match")
        }
    }
}

func checkSignRoundTrip(_ r: FuzzRequest) {
    var headers = r.headers.filter { h in
        let n = h.name.lowercased()
        return !n.isEmpty && n.utf8.allSatisfy(isTokenByte)
            && !["authorization", "x-amz-date", "x-amz-security-token", "date"].contains(n)
    }
    guard SignatureParameters.decodedQueryHasAlgorithm(r.query) == false else { return }
    if !headers.contains(where: { $0.name.lowercased() == "host" }) { headers.append(("Host", "127.0.0.1:8080")) }
    let creds = r.flags & 1 == 0 ? longTerm : temporary
    let signer = SigV4Signer(credentials: creds, region: "us-east-1")
    let added = signer.sign(method: r.method, rawPath: r.path, rawQuery: r.query, headers: headers, body: r.body,
                            time: r.time)
    let head = SignedRequestHead(method: r.method, rawPath: r.path, rawQuery: r.query, headers: headers + added)
    do {
        let verified = try SigV4Verifier(region: "us-east-1").verify(head, body: r.body, now: r.time, lookup: lookup)
        require(verified.credentials == creds, "verified with the wrong credentials")
    } catch {
        fatalError("a request signed by SigV4Signer does not verify: \(error)\nmethod=\(r.method) path=\(r.path) query=\(r.query)")
    }
    // Any change to the body must break the signature.
    if (try? SigV4Verifier(region: "us-east-1").verify(head, body: r.body + [0x20], now: r.time, lookup: lookup)) != nil {
        fatalError("signature still verifies after the body changed")
    }
}

func checkPresignRoundTrip(_ r: FuzzRequest) {
    guard !SignatureParameters.decodedQueryHasAmzKey(r.query) else { return }
    let host = r.headers.first { $0.name.lowercased() == "host" }?.value ?? "127.0.0.1:8080"
    let creds = r.flags & 2 == 0 ? longTerm : temporary
    let signer = SigV4Signer(credentials: creds, region: "us-east-1")
    let query = signer.presignedQuery(method: r.method, rawPath: r.path, rawQuery: r.query, host: host, body: r.body,
                                      time: r.time, expires: 60)
    let head = SignedRequestHead(method: r.method, rawPath: r.path, rawQuery: query, headers: [("Host", host)])
    do {
        _ = try SigV4Verifier(region: "us-east-1").verify(head, body: r.body, now: r.time + 30, lookup: lookup)
    } catch {
        fatalError("a presigned request does not verify: \(error)\npath=\(r.path) query=\(query)")
    }
    if (try? SigV4Verifier(region: "us-east-1").verify(head, body: r.body, now: r.time + 400, lookup: lookup)) != nil {
        fatalError("a presigned request verifies after it expired")
    }
}

func checkTimestamps(_ text: String) {
    if let s = SigV4Timestamp.seconds(fromBasic: text), !text.hasSuffix("60Z") {
        require(SigV4Timestamp.basic(fromSeconds: s) == text, "basic timestamp does not round-trip: \(text)")
    }
    if let s = SigV4Timestamp.seconds(fromRFC1123: text) {
        require(SigV4Timestamp.seconds(fromBasic: SigV4Timestamp.basic(fromSeconds: s)) == s,
                "RFC 1123 time does not survive basic formatting: \(text)")
    }
    _ = ISO8601Timestamp.date(from: text)
}

func checkPathSegments(_ path: String) {
    guard let segments = try? PathSegments.split(path) else { return }
    for s in segments {
        let encoded = PathSegments.percentEncode(s)
        require(isEncoded(encoded, extra: ""), "percentEncode left a raw byte: \(encoded)")
        require((try? PathSegments.percentDecode(encoded)) == s, "percent coding does not round-trip: \(s)")
    }
}

// MARK: - Helpers

func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

func isTokenByte(_ b: UInt8) -> Bool {
    (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D
}

/// Only unreserved bytes, bytes in `extra`, and `%` followed by two upper-case hex digits.
func isEncoded(_ s: String, extra: String) -> Bool {
    let b = Array(s.utf8)
    let allowed = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8) + Array(extra.utf8))
    let hex = Set(Array("0123456789ABCDEF".utf8))
    var i = 0
    while i < b.count {
        if b[i] == UInt8(ascii: "%") {
            guard i + 2 < b.count, hex.contains(b[i + 1]), hex.contains(b[i + 2]) else { return false }
            i += 3
        } else {
            guard allowed.contains(b[i]) else { return false }
            i += 1
        }
    }
    return true
}

extension SignatureParameters {
    /// Whether the query names a presigned algorithm (which switches `extract` to the query form).
    static func decodedQueryHasAlgorithm(_ raw: String) -> Bool {
        decodedKeys(raw).contains("X-Amz-Algorithm")
    }

    /// Whether any query key starts with `X-Amz-` (would collide with the presigned parameters).
    static func decodedQueryHasAmzKey(_ raw: String) -> Bool {
        decodedKeys(raw).contains { $0.hasPrefix("X-Amz-") }
    }

    private static func decodedKeys(_ raw: String) -> [String] {
        raw.split(separator: "&").map { piece in
            let key = piece.prefix { $0 != "=" }
            return String(decoding: percentDecodeLenient(Array(key.utf8)), as: UTF8.self)
        }
    }

    /// `%XX` decoded, anything else literal (the verifier's own lenient rule, written independently).
    private static func percentDecodeLenient(_ b: [UInt8]) -> [UInt8] {
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x41...0x46: c - 0x41 + 10
            case 0x61...0x66: c - 0x61 + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            if b[i] == 0x25, i + 2 < b.count, let h = hex(b[i + 1]), let l = hex(b[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return out
    }
}
