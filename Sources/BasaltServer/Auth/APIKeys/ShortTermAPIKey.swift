import BasaltWire
import Foundation

/// A short-term Bedrock API key (§12.6): `bedrock-api-key-` + base64 of a SigV4 presigned URL without its
/// scheme, followed by `&Version=1`:
///
/// ```
/// bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=…
///   &X-Amz-Date=…&X-Amz-Expires=43200&X-Amz-SignedHeaders=host&X-Amz-Signature=…&Version=1
/// ```
///
/// It verifies as a presigned `POST /` to `bedrock.amazonaws.com` with an empty body, signed by a key of the
/// credentials file, scoped to this server's region, valid from `X-Amz-Date` for `X-Amz-Expires` seconds
/// (at most 12 hours).
public struct ShortTermAPIKey: Sendable, Hashable {
    /// The prefix every short-term key starts with.
    public static let prefix = "bedrock-api-key-"
    /// The host the presigned URL is for (botocore's `aws-bedrock-token-generator` signs this one).
    public static let host = "bedrock.amazonaws.com"
    /// The only action a key is presigned for.
    public static let action = "CallWithBearerToken"
    /// Longest lifetime of a short-term key (12 hours).
    public static let maxLifetime: Int64 = 43_200

    /// The host of the presigned URL.
    public var host: String
    /// The path of the presigned URL (`/`).
    public var path: String
    /// The presigned query as encoded in the key, without the appended `Version` parameter.
    public var query: String
    /// The appended `Version` parameter (`1`), `nil` when absent.
    public var version: String?

    /// A key from the parts of its decoded URL.
    public init(host: String, path: String, query: String, version: String?) {
        self.host = host
        self.path = path
        self.query = query
        self.version = version
    }

    /// Decodes a key that starts with `bedrock-api-key-`; `nil` when the rest is not base64 of
    /// `<host>/<path>?<query>`.
    public init?(token: some StringProtocol) {
        guard token.hasPrefix(Self.prefix) else { return nil }
        var encoded = String(token.dropFirst(Self.prefix.count))
        while encoded.count % 4 != 0 { encoded += "=" }
        guard let data = Data(base64Encoded: encoded), let url = String(data: data, encoding: .utf8),
            let slash = url.firstIndex(of: "/"), let question = url.firstIndex(of: "?"), slash < question
        else { return nil }
        var version: String?
        var pairs: [Substring] = []
        for pair in url[url.index(after: question)...].split(separator: "&") {
            if pair.hasPrefix("Version=") { version = String(pair.dropFirst("Version=".count)) } else { pairs.append(pair) }
        }
        self.init(
            host: String(url[..<slash]), path: String(url[slash..<question]), query: pairs.joined(separator: "&"),
            version: version)
    }

    /// The request the key stands for, as SigV4 verification sees it.
    public var signedHead: SignedRequestHead {
        SignedRequestHead(method: "POST", rawPath: path, rawQuery: query, headers: [(name: "host", value: host)])
    }

    /// Why a decoded key is refused before any signature check, `nil` when its shape is right: the host, path,
    /// action, version, signature form and lifetime must be those a real key has.
    public var shapeProblem: String? {
        guard host == Self.host else { return "host \(host) is not \(Self.host)" }
        guard path == "/" else { return "path \(path) is not /" }
        guard version == nil || version == "1" else { return "unsupported Version \(version ?? "")" }
        let params = SignatureQuery(query)
        guard params["Action"] == Self.action else { return "Action is not \(Self.action)" }
        guard params["X-Amz-Algorithm"] != nil else { return "not a presigned URL" }
        guard let expires = params["X-Amz-Expires"].flatMap({ Int64($0) }), expires >= 1, expires <= Self.maxLifetime
        else { return "X-Amz-Expires must be between 1 and \(Self.maxLifetime) seconds" }
        return nil
    }

    /// Verifies the key: shape, credential scope (service `bedrock`, the verifier's region), signer, session
    /// token, time window (`X-Amz-Date` … `X-Amz-Date + X-Amz-Expires`) and the signature over an empty body.
    /// - Parameters:
    ///   - now: seconds since the epoch.
    ///   - lookup: the credential for an access key id (the credentials file).
    public func verify(
        with verifier: SigV4Verifier, now: Int64, lookup: (String) -> SigningCredentials?
    ) throws(ShortTermAPIKeyError) -> VerifiedRequest {
        if let problem = shapeProblem { throw ShortTermAPIKeyError(reason: problem) }
        do {
            return try verifier.check(signedHead, now: now, lookup: lookup).verify(body: [UInt8]())
        } catch {
            throw ShortTermAPIKeyError(reason: "\(error.code): \(error.message.prefix(200))")
        }
    }
}

/// Why a short-term key failed (for logs and tests; clients only ever see `apiKeyAuthenticationFailed`).
public struct ShortTermAPIKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong with the key.
    public var reason: String
    public var description: String { reason }
}

/// The percent-decoded parameters of a query string (first occurrence wins).
struct SignatureQuery {
    private var values: [String: String] = [:]

    init(_ raw: String) {
        for pair in raw.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            if values[key] == nil { values[key] = value }
        }
    }

    subscript(key: String) -> String? { values[key] }
}
