/// What a request says about its own signature (§12.1, §12.2 step 1), from the `Authorization` header or
/// from the presigned query parameters (`X-Amz-Algorithm`, `X-Amz-Credential`, …).
public struct SignatureParameters: Sendable, Hashable {
    /// Where the signature travels.
    public enum Form: String, Sendable, Hashable {
        /// `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
        case header
        /// A presigned URL: `X-Amz-*` query parameters.
        case query
    }

    /// Header or query form.
    public var form: Form
    /// The credential scope, access key id included.
    public var credential: CredentialScope
    /// Lower-case signed header names, in the order the client listed them.
    public var signedHeaders: [String]
    /// The signature sent (64 hex characters when well-formed).
    public var signature: String
    /// The request time, `yyyyMMdd'T'HHmmss'Z'` (a `Date` header is converted to this form).
    public var requestTime: String
    /// The request time in seconds since the epoch.
    public var requestSeconds: Int64
    /// `X-Amz-Expires` of a presigned URL, in seconds.
    public var expires: Int64?
    /// `X-Amz-Security-Token`, when sent.
    public var securityToken: String?
    /// Whether the security token is covered by the signature (a signed header, or any presigned parameter).
    public var securityTokenSigned: Bool

    /// The signing algorithm, the only one accepted.
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// Longest lifetime of a presigned URL (one week).
    public static let maxExpires: Int64 = 604_800

    /// Extracts the parameters from a request's headers (names matched case-insensitively) and raw query.
    public static func extract(
        headers: [(name: String, value: String)], rawQuery: some StringProtocol
    ) throws(SigV4Error) -> SignatureParameters {
        let authorization = header("authorization", in: headers)
        let query = decodedQuery(rawQuery)
        if query["X-Amz-Algorithm"] != nil {
            guard authorization == nil else {
                throw .incomplete(
                    "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string"
                        + " parameter or the Authorization header should be specified")
            }
            return try fromQuery(query)
        }
        guard let authorization, !authorization.isEmpty else { throw .missingAuthenticationToken() }
        return try fromHeader(authorization, headers: headers)
    }

    private static func fromHeader(_ value: String, headers: [(name: String, value: String)]) throws(SigV4Error) -> SignatureParameters {
        let trimmed = value.drop(while: { $0 == " " })
        let algorithm = trimmed.prefix(while: { $0 != " " })
        let rest = trimmed.dropFirst(algorithm.count)
        var fields: [String: String] = [:]
        for piece in rest.split(separator: ",") {
            let p = piece.trimmingSpaces()
            if p.isEmpty { continue }
            guard let eq = p.firstIndex(of: "=") else {
                throw .incomplete("'\(p)' not a valid key=value pair (missing equal-sign) in Authorization header: '\(value)'.")
            }
            fields[String(p[..<eq])] = String(p[p.index(after: eq)...])
        }
        let amzDate = header("x-amz-date", in: headers)
        let httpDate = header("date", in: headers)
        var missing = ""
        for name in ["Credential", "Signature", "SignedHeaders"] where fields[name] == nil {
            missing += "Authorization header requires '\(name)' parameter. "
        }
        if amzDate == nil && httpDate == nil {
            missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
        }
        guard missing.isEmpty, let credential = fields["Credential"], let signedHeaders = fields["SignedHeaders"],
            let signature = fields["Signature"]
        else { throw .incomplete(missing + "Authorization=\(value)") }
        guard algorithm == Self.algorithm else {
            throw .incomplete("Unsupported AWS 'algorithm': '\(algorithm)'")
        }
        let (time, seconds): (String, Int64)
        if let amzDate {
            guard let s = SigV4Timestamp.seconds(fromBasic: amzDate) else { throw badDate(amzDate) }
            (time, seconds) = (amzDate, s)
        } else {
            guard let httpDate, let s = SigV4Timestamp.seconds(fromRFC1123: httpDate) else { throw badDate(httpDate ?? "") }
            (time, seconds) = (SigV4Timestamp.basic(fromSeconds: s), s)
        }
        let names = signedHeaders.split(separator: ";", omittingEmptySubsequences: false).map { $0.lowercased() }
        let token = header("x-amz-security-token", in: headers)
        return SignatureParameters(
            form: .header, credential: try CredentialScope(parsing: credential), signedHeaders: names,
            signature: signature, requestTime: time, requestSeconds: seconds, expires: nil, securityToken: token,
            securityTokenSigned: names.contains("x-amz-security-token"))
    }

    private static func fromQuery(_ q: [String: String]) throws(SigV4Error) -> SignatureParameters {
        guard let algorithm = q["X-Amz-Algorithm"], let credential = q["X-Amz-Credential"],
            let signature = q["X-Amz-Signature"], let date = q["X-Amz-Date"], let signed = q["X-Amz-SignedHeaders"]
        else {
            throw .incomplete(
                "AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature',"
                    + " 'X-Amz-Date', 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.")
        }
        guard algorithm == Self.algorithm else { throw .incomplete("Unsupported AWS 'algorithm': '\(algorithm)'") }
        guard let seconds = SigV4Timestamp.seconds(fromBasic: date) else { throw badDate(date) }
        var expires: Int64?
        if let e = q["X-Amz-Expires"] {
            guard let v = Int64(e), v >= 1, v <= maxExpires else {
                throw .incomplete("X-Amz-Expires must be an integer between 1 and 604800 (one week), got '\(e)'.")
            }
            expires = v
        }
        return SignatureParameters(
            form: .query, credential: try CredentialScope(parsing: credential),
            signedHeaders: signed.split(separator: ";", omittingEmptySubsequences: false).map { $0.lowercased() },
            signature: signature, requestTime: date, requestSeconds: seconds, expires: expires,
            securityToken: q["X-Amz-Security-Token"], securityTokenSigned: true)
    }

    private static func badDate(_ text: String) -> SigV4Error {
        .incomplete("Date must be in ISO-8601 'basic format'. Got '\(text)'. See http://en.wikipedia.org/wiki/ISO_8601")
    }

    /// First value of a header, by case-insensitive name.
    static func header(_ name: String, in headers: [(name: String, value: String)]) -> String? {
        headers.first(where: { $0.name.lowercased() == name })?.value
    }

    /// The query's parameters, percent-decoded (first occurrence of a key wins).
    static func decodedQuery(_ raw: some StringProtocol) -> [String: String] {
        var out: [String: String] = [:]
        for piece in raw.split(separator: "&") {
            let eq = piece.firstIndex(of: "=")
            let k = String(decoding: CanonicalRequest.decode(eq.map { piece[..<$0] } ?? piece), as: UTF8.self)
            let v = eq.map { String(decoding: CanonicalRequest.decode(piece[piece.index(after: $0)...]), as: UTF8.self) } ?? ""
            if out[k] == nil { out[k] = v }
        }
        return out
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
