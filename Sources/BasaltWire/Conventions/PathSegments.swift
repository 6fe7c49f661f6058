/// rest-json URI labels (§1.2): clients percent-encode path labels, so an ARN model id arrives as
/// `/model/arn%3Aaws%3Abedrock%3A…%3Aapplication-inference-profile%2Fabc/invoke`. Split the still-encoded
/// path on literal `/` first, then decode each segment, so that `%2F` stays inside its label.
public enum PathSegments {
    /// A segment with a malformed escape (`%` not followed by two hex digits) or whose decoded bytes
    /// are not UTF-8.
    public struct DecodingError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The offending segment as received.
        public var segment: String
        /// What is wrong with it.
        public var reason: String
        public var description: String { "Invalid path segment '\(segment)': \(reason)" }
    }

    /// Splits a raw (still percent-encoded) request path into decoded segments. The leading `/` is
    /// dropped, anything from `?` on is ignored, and empty segments are kept (`/a//b/` → `a`, ``, `b`, ``),
    /// so the router decides what an empty label means. `+` is a literal plus in paths.
    /// Splits on the byte `/` (a `/` fused with a following combining mark into one `Character` still separates).
    public static func split(_ rawPath: some StringProtocol) throws(DecodingError) -> [String] {
        let bytes = Array(rawPath.utf8)
        var path = bytes[...]
        if let q = path.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) { path = path[..<q] }
        if path.first == UInt8(ascii: "/") { path = path.dropFirst() }
        if path.isEmpty { return [] }
        var out: [String] = []
        for raw in path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            out.append(try percentDecode(String(decoding: raw, as: UTF8.self)))
        }
        return out
    }

    /// Percent-decodes one label (RFC 3986 §2.1); the result must be valid UTF-8.
    public static func percentDecode(_ segment: some StringProtocol) throws(DecodingError) -> String {
        let utf8 = Array(segment.utf8)
        guard utf8.contains(UInt8(ascii: "%")) else { return String(segment) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var i = 0
        while i < utf8.count {
            let c = utf8[i]
            if c != UInt8(ascii: "%") {
                bytes.append(c)
                i += 1
                continue
            }
            guard i + 2 < utf8.count, let hi = hexValue(utf8[i + 1]), let lo = hexValue(utf8[i + 2]) else {
                throw DecodingError(segment: String(segment), reason: "malformed percent escape at byte \(i)")
            }
            bytes.append(hi << 4 | lo)
            i += 3
        }
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw DecodingError(segment: String(segment), reason: "decoded bytes are not valid UTF-8")
        }
        return s
    }

    /// Percent-encodes a label the way AWS SDKs do for URI labels: every byte except the RFC 3986
    /// unreserved characters `A–Z a–z 0–9 - . _ ~` becomes `%XX` (upper-case hex), including `/` and `:`.
    public static func percentEncode(_ label: some StringProtocol) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in label.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(b)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(digits[Int(b >> 4)])
                out.append(digits[Int(b & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
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
