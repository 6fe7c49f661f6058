/// The SigV4 canonical request (§12.2 step 4), built from a request exactly as received: raw path, raw
/// query, header list. The same type serves the verifier and the client-side signer.
public struct CanonicalRequest: Sendable, Hashable {
    /// HTTP method, upper-case.
    public var method: String
    /// The canonical URI: the raw path with dot segments removed, `//` collapsed, then every byte outside
    /// `A–Z a–z 0–9 - _ . ~ /` percent-encoded *again* (so `%3A` becomes `%253A`, trap 2).
    public var uri: String
    /// The canonical query string (sorted `key=value` pairs, RFC 3986 encoded).
    public var query: String
    /// `name:value\n` for every signed header, in `signedHeaders` order.
    public var headers: String
    /// The `;`-joined signed header names as they appear in the signature.
    public var signedHeaders: String
    /// Hex SHA-256 of the payload.
    public var payloadHash: String

    /// Builds the canonical request.
    /// - Parameters:
    ///   - rawPath: the request-target's path as received (still percent-encoded; anything from `?` is ignored).
    ///   - rawQuery: the query string as received, without `?`.
    ///   - excludingQueryKeys: parameters left out (`X-Amz-Signature` for presigned requests).
    ///   - headers: every header of the request; names are matched case-insensitively.
    ///   - signedHeaders: lower-case header names covered by the signature.
    public init(
        method: String, rawPath: some StringProtocol, rawQuery: some StringProtocol,
        excludingQueryKeys: Set<String> = [], headers: [(name: String, value: String)], signedHeaders: [String],
        payloadHash: String
    ) {
        self.method = method.uppercased()
        self.uri = Self.canonicalURI(rawPath)
        self.query = Self.canonicalQuery(rawQuery, excluding: excludingQueryKeys)
        self.headers = Self.canonicalHeaders(headers, signed: signedHeaders)
        self.signedHeaders = signedHeaders.joined(separator: ";")
        self.payloadHash = payloadHash
    }

    /// The newline-joined canonical request text.
    public var text: String {
        [method, uri, query, headers, signedHeaders, payloadHash].joined(separator: "\n")
    }

    /// The string to sign (§12.2 step 5) for this canonical request.
    public func stringToSign(requestTime: String, scope: String) -> String {
        ["AWS4-HMAC-SHA256", requestTime, scope, SigV4Crypto.sha256Hex(text)].joined(separator: "\n")
    }

    // MARK: - Components

    /// The canonical URI of a raw path (botocore: `quote(remove_dot_segments(path), safe='/~')`).
    public static func canonicalURI(_ rawPath: some StringProtocol) -> String {
        let bytes = Array(rawPath.utf8)
        let path = bytes.firstIndex(of: UInt8(ascii: "?")).map { bytes[..<$0] } ?? bytes[...]
        return encode(Array(removeDotSegments(String(decoding: path, as: UTF8.self)).utf8), keepSlash: true)
    }

    /// RFC 3986 §5.2.4 dot-segment removal plus the AWS rule that empty segments disappear; a trailing `/`
    /// survives when something is left. An empty path becomes `/`.
    ///
    /// Works on UTF-8 bytes, not `Character`s: a `/` followed by a combining mark is one grapheme cluster but
    /// still a separator (as in botocore, which splits code points).
    public static func removeDotSegments(_ rawPath: some StringProtocol) -> String {
        let path = Array(rawPath.utf8)
        if path.isEmpty { return "/" }
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        var out: [ArraySlice<UInt8>] = []
        for seg in path.split(separator: slash, omittingEmptySubsequences: true) where !seg.elementsEqual([dot]) {
            if seg.elementsEqual([dot, dot]) {
                if !out.isEmpty { out.removeLast() }
            } else {
                out.append(seg)
            }
        }
        let first = path.first == slash ? "/" : ""
        let last = path.last == slash && !out.isEmpty ? "/" : ""
        // Cut only at ASCII `/`, so every segment is still valid UTF-8.
        return first + out.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "/") + last
    }

    /// The canonical query: pairs split on `&` (a pair without `=` has an empty value), each key and value
    /// percent-decoded then re-encoded with the unreserved set, sorted by key then value, joined with `&`.
    public static func canonicalQuery(_ rawQuery: some StringProtocol, excluding: Set<String> = []) -> String {
        var pairs: [(String, String)] = []
        // Split on the bytes `&` and `=` (not on `Character`s, which may fuse them with a combining mark).
        for piece in Array(rawQuery.utf8).split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let (k, v): (ArraySlice<UInt8>, ArraySlice<UInt8>)
            if let eq = piece.firstIndex(of: UInt8(ascii: "=")) {
                (k, v) = (piece[..<eq], piece[(eq + 1)...])
            } else {
                (k, v) = (piece, [])
            }
            let key = encode(decode(bytes: k), keepSlash: false)
            if excluding.contains(String(decoding: decode(bytes: k), as: UTF8.self)) { continue }
            pairs.append((key, encode(decode(bytes: v), keepSlash: false)))
        }
        pairs.sort { a, b in
            a.0 != b.0 ? Array(a.0.utf8).lexicographicallyPrecedes(Array(b.0.utf8))
                : Array(a.1.utf8).lexicographicallyPrecedes(Array(b.1.utf8))
        }
        return pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// The canonical header block: `name:value\n` per signed name, where value is every value of that
    /// header trimmed with inner whitespace runs collapsed to one space, joined by `,`. A signed header the
    /// request lacks contributes `name:` (and so fails verification, as at AWS).
    public static func canonicalHeaders(_ headers: [(name: String, value: String)], signed: [String]) -> String {
        var out = ""
        for name in signed {
            let values = headers.filter { $0.name.lowercased() == name }.map { trimAll($0.value) }
            out += name + ":" + values.joined(separator: ",") + "\n"
        }
        return out
    }

    /// Trims a header value and collapses runs of whitespace to one space (botocore `' '.join(v.split())`).
    /// Splits on Unicode scalars, so that `\r\n` (one `Character`) also counts as whitespace.
    public static func trimAll(_ value: String) -> String {
        value.unicodeScalars.split(whereSeparator: { " \t\n\r\u{0B}\u{0C}".unicodeScalars.contains($0) })
            .map { String(String.UnicodeScalarView($0)) }
            .joined(separator: " ")
    }

    // MARK: - Percent coding

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Encodes every byte outside the unreserved set (and `/` when `keepSlash`), upper-case hex.
    static func encode(_ bytes: [UInt8], keepSlash: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for b in bytes {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(b)
            case UInt8(ascii: "/") where keepSlash:
                out.append(b)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(b >> 4)])
                out.append(hexDigits[Int(b & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Percent-decodes to bytes; a `%` not followed by two hex digits stays literal.
    static func decode(_ text: some StringProtocol) -> [UInt8] { decode(bytes: text.utf8) }

    /// Percent-decodes bytes; a `%` not followed by two hex digits stays literal.
    static func decode(bytes: some Collection<UInt8>) -> [UInt8] {
        let b = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "%"), i + 2 < b.count, let hi = hexValue(b[i + 1]), let lo = hexValue(b[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return out
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
