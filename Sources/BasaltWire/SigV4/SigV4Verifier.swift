/// Server-side SigV4 verification (§12.2), header and presigned-query forms, in two steps so that
/// everything that does not need the body is checked before the body is read:
///
/// 1. `check(_:now:lookup:)`: parse the signature, check the credential scope (service, region, date,
///    terminator), look up the key, check the session token and the time window.
/// 2. `Pending.verify(body:)`: hash the body as received, rebuild the canonical request and compare the
///    signatures in constant time.
///
/// The payload hash is always the SHA-256 of the body the server received: a client-sent
/// `X-Amz-Content-SHA256` is never trusted (`UNSIGNED-PAYLOAD` therefore fails to verify).
public struct SigV4Verifier: Sendable {
    /// The region this endpoint serves; credentials must be scoped to it.
    public var region: String
    /// The signing service name (`bedrock` for all Bedrock endpoints, trap 3).
    public var service: String
    /// Allowed clock skew between the request time and now, in seconds (AWS: 5 minutes, trap 29).
    public var allowedSkew: Int64

    /// A verifier for one endpoint.
    public init(region: String, service: String = "bedrock", allowedSkew: Int64 = 300) {
        self.region = region
        self.service = service
        self.allowedSkew = allowedSkew
    }

    /// A request whose head passed every check; only the signature over the body is left.
    public struct Pending: Sendable {
        /// The parsed signature parameters.
        public let parameters: SignatureParameters
        /// The credential the access key id resolved to.
        public let credentials: SigningCredentials
        let head: SignedRequestHead

        /// Hashes `body`, rebuilds the canonical request and compares signatures in constant time.
        public func verify(body: some Sequence<UInt8>) throws(SigV4Error) -> VerifiedRequest {
            let p = parameters
            let canonical = CanonicalRequest(
                method: head.method, rawPath: head.rawPath, rawQuery: head.rawQuery,
                excludingQueryKeys: p.form == .query ? ["X-Amz-Signature"] : [], headers: head.headers,
                signedHeaders: p.signedHeaders, payloadHash: SigV4Crypto.sha256Hex(body))
            let stringToSign = canonical.stringToSign(requestTime: p.requestTime, scope: p.credential.scope)
            let key = SigV4Crypto.signingKey(
                secret: credentials.secretAccessKey, date: p.credential.date, region: p.credential.region,
                service: p.credential.service)
            let expected = SigV4Crypto.signature(signingKey: key, stringToSign: stringToSign)
            guard SigV4Crypto.constantTimeEquals(expected, p.signature) else {
                throw .signatureMismatch(canonicalRequest: canonical.text, stringToSign: stringToSign)
            }
            return VerifiedRequest(parameters: p, credentials: credentials, signingKey: key)
        }
    }

    /// Step 1: everything that does not need the body.
    /// - Parameters:
    ///   - now: the current time in seconds since the epoch.
    ///   - lookup: the credential for an access key id, `nil` if unknown.
    public func check(
        _ head: SignedRequestHead, now: Int64, lookup: (String) -> SigningCredentials?
    ) throws(SigV4Error) -> Pending {
        let p = try SignatureParameters.extract(headers: head.headers, rawQuery: head.rawQuery)
        let scope = p.credential
        guard scope.terminator == "aws4_request" else { throw .wrongTerminator(scope.terminator) }
        guard scope.service == service else { throw .wrongService(expected: service) }
        guard scope.region == region else { throw .wrongRegion() }
        guard scope.date == p.requestTime.prefix(8) else {
            throw .scopeDateMismatch(scopeDate: scope.date, requestTime: p.requestTime)
        }
        guard let credentials = lookup(scope.accessKeyId) else { throw .unrecognizedClient() }
        try checkSessionToken(p, credentials)
        try checkTime(p, now: now)
        return Pending(parameters: p, credentials: credentials, head: head)
    }

    /// Both steps at once.
    public func verify(
        _ head: SignedRequestHead, body: some Sequence<UInt8>, now: Int64, lookup: (String) -> SigningCredentials?
    ) throws(SigV4Error) -> VerifiedRequest {
        try check(head, now: now, lookup: lookup).verify(body: body)
    }

    /// §12.2 step 7: temporary credentials need their token, signed; long-term ones must not send one.
    private func checkSessionToken(_ p: SignatureParameters, _ c: SigningCredentials) throws(SigV4Error) {
        switch (c.sessionToken, p.securityToken) {
        case (nil, nil): return
        case (let expected?, let sent?):
            guard p.securityTokenSigned, SigV4Crypto.constantTimeEquals(expected, sent) else {
                throw .unrecognizedClient()
            }
        default: throw .unrecognizedClient()
        }
    }

    /// The ±skew window (header form), or [time − skew, time + X-Amz-Expires] for presigned URLs.
    private func checkTime(_ p: SignatureParameters, now: Int64) throws(SigV4Error) {
        let nowText = SigV4Timestamp.basic(fromSeconds: now)
        if p.requestSeconds - now > allowedSkew {
            throw .notYetCurrent(
                requestTime: p.requestTime, latest: SigV4Timestamp.basic(fromSeconds: now + allowedSkew), now: nowText,
                window: Self.describe(allowedSkew))
        }
        let lifetime = p.form == .query ? (p.expires ?? allowedSkew) : allowedSkew
        if now - p.requestSeconds > lifetime {
            throw .expired(
                requestTime: p.requestTime, earliest: SigV4Timestamp.basic(fromSeconds: now - lifetime), now: nowText,
                window: Self.describe(lifetime))
        }
    }

    /// `5 min` for whole minutes (AWS's wording), otherwise `N sec`.
    static func describe(_ seconds: Int64) -> String {
        seconds % 60 == 0 ? "\(seconds / 60) min" : "\(seconds) sec"
    }
}
