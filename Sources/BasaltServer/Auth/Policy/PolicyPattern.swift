/// One `Action` or `Resource` string of a policy statement, matched the way IAM matches it: `*` is any run of
/// characters (also none), `?` exactly one character, everything else literal.
///
/// Actions compare case-insensitively (`bedrock:invokemodel` names `bedrock:InvokeModel`). Resources compare
/// case-sensitively and segment by segment: an ARN pattern's fields (`arn:partition:service:region:account:resource`)
/// each match the request ARN's field, except that a field ending in `*` may expand past the `:` boundaries
/// (`arn:aws:bedrock:*` names every Bedrock ARN).
public struct PolicyPattern: Sendable, Hashable, CustomStringConvertible {
    /// What the pattern matches.
    public enum Kind: Sendable, Hashable {
        case action, resource
    }

    /// The pattern as written in the document.
    public let text: String
    /// Action or resource.
    public let kind: Kind
    private let units: [Unicode.Scalar]

    /// A pattern of the given kind.
    public init(_ text: String, kind: Kind) {
        self.text = text
        self.kind = kind
        self.units = Array((kind == .action ? text.lowercased() : text).unicodeScalars)
    }

    public var description: String { text }

    /// Whether `value` (an action name or a resource ARN of a request) is named by this pattern.
    public func matches(_ value: String) -> Bool {
        switch kind {
        case .action:
            return Self.glob(units[...], Array(value.lowercased().unicodeScalars)[...])
        case .resource:
            guard text.hasPrefix("arn:") else { return Self.glob(units[...], Array(value.unicodeScalars)[...]) }
            return Self.matchARN(pattern: text, value: value)
        }
    }

    /// Field-wise ARN matching; a pattern field that ends in `*` matches the rest of the ARN as one glob.
    private static func matchARN(pattern: String, value: String) -> Bool {
        let p = pattern.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        let v = value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        for i in p.indices {
            guard i < v.count else { return false }
            if p[i].hasSuffix("*") {
                // Expands beyond the colon boundary: the rest of the pattern against the rest of the value.
                let restP = p[i...].joined(separator: ":"), restV = v[i...].joined(separator: ":")
                return glob(Array(restP.unicodeScalars)[...], Array(restV.unicodeScalars)[...])
            }
            guard glob(Array(p[i].unicodeScalars)[...], Array(v[i].unicodeScalars)[...]) else { return false }
        }
        return p.count == v.count
    }

    /// `*`/`?` glob over whole strings, iterative with single back-tracking point (linear in practice).
    static func glob(_ pattern: ArraySlice<Unicode.Scalar>, _ value: ArraySlice<Unicode.Scalar>) -> Bool {
        var p = pattern.startIndex, v = value.startIndex
        var star: ArraySlice<Unicode.Scalar>.Index?, resume = value.startIndex
        while v < value.endIndex {
            if p < pattern.endIndex, pattern[p] == "*" {
                star = p
                resume = v
                p += 1
            } else if p < pattern.endIndex, pattern[p] == "?" || pattern[p] == value[v] {
                p += 1
                v += 1
            } else if let s = star {
                p = s + 1
                resume += 1
                v = resume
            } else {
                return false
            }
        }
        while p < pattern.endIndex, pattern[p] == "*" { p += 1 }
        return p == pattern.endIndex
    }
}
