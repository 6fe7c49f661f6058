/// Client-side SigV4 signing (header and presigned-query forms), the mirror of `SigV4Verifier`; used to
/// call upstream AWS services and by tests. Signs `host`, `x-amz-date`, the session token and any extra
/// headers the caller passes, like botocore.
public struct SigV4Signer: Sendable {
    /// The key to sign with.
    public var credentials: SigningCredentials
    /// The region of the scope.
    public var region: String
    /// The signing service name.
    public var service: String

    /// A signer for one credential, region and service.
    public init(credentials: SigningCredentials, region: String, service: String = "bedrock") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Headers to add to a request so that it verifies: `X-Amz-Date`, `X-Amz-Security-Token` (if any) and
    /// `Authorization`. `headers` must already hold `host` and everything else that is to be signed.
    public func sign(
        method: String, rawPath: String, rawQuery: String = "", headers: [(name: String, value: String)],
        body: some Sequence<UInt8>, time: Int64
    ) -> [(name: String, value: String)] {
        let amzDate = SigV4Timestamp.basic(fromSeconds: time)
        var added: [(name: String, value: String)] = [("X-Amz-Date", amzDate)]
        if let token = credentials.sessionToken { added.append(("X-Amz-Security-Token", token)) }
        let all = headers + added
        let names = Array(Set(all.map { $0.name.lowercased() })).sorted()
        let scope = CredentialScope(accessKeyId: credentials.accessKeyId, date: String(amzDate.prefix(8)), region: region, service: service)
        let canonical = CanonicalRequest(
            method: method, rawPath: rawPath, rawQuery: rawQuery, headers: all, signedHeaders: names,
            payloadHash: SigV4Crypto.sha256Hex(body))
        let signature = signature(canonical, time: amzDate, scope: scope)
        added.append((
            "Authorization",
            "\(SignatureParameters.algorithm) Credential=\(scope.credential), SignedHeaders=\(names.joined(separator: ";")),"
                + " Signature=\(signature)"
        ))
        return added
    }

    /// The query string of a presigned URL (`rawQuery` followed by the `X-Amz-*` parameters, the signature
    /// last). Only `host` is signed; `host` is the value the server will see in `Host`.
    public func presignedQuery(
        method: String, rawPath: String, rawQuery: String = "", host: String, body: some Sequence<UInt8> = [UInt8](),
        time: Int64, expires: Int64 = 900
    ) -> String {
        let amzDate = SigV4Timestamp.basic(fromSeconds: time)
        let scope = CredentialScope(accessKeyId: credentials.accessKeyId, date: String(amzDate.prefix(8)), region: region, service: service)
        var params: [(String, String)] = [
            ("X-Amz-Algorithm", SignatureParameters.algorithm), ("X-Amz-Credential", scope.credential),
            ("X-Amz-Date", amzDate), ("X-Amz-Expires", String(expires)), ("X-Amz-SignedHeaders", "host"),
        ]
        if let token = credentials.sessionToken { params.append(("X-Amz-Security-Token", token)) }
        let auth = params.map { "\($0.0)=\(CanonicalRequest.encode(Array($0.1.utf8), keepSlash: false))" }
            .joined(separator: "&")
        let query = rawQuery.isEmpty ? auth : rawQuery + "&" + auth
        let canonical = CanonicalRequest(
            method: method, rawPath: rawPath, rawQuery: query, headers: [("host", host)], signedHeaders: ["host"],
            payloadHash: SigV4Crypto.sha256Hex(body))
        return query + "&X-Amz-Signature=" + signature(canonical, time: amzDate, scope: scope)
    }

    private func signature(_ canonical: CanonicalRequest, time: String, scope: CredentialScope) -> String {
        let key = SigV4Crypto.signingKey(secret: credentials.secretAccessKey, date: scope.date, region: region, service: service)
        return SigV4Crypto.signature(signingKey: key, stringToSign: canonical.stringToSign(requestTime: time, scope: scope.scope))
    }
}
