import BasaltCore
import BasaltWire

/// `maxResults` / `nextToken` of a paginated list operation, read from the query string.
public struct PageParameters: Sendable, Hashable {
    /// Page size.
    public var maxResults: Int
    /// Opaque continuation token, if any.
    public var nextToken: String?

    /// Reads and validates the query members (`maxResults` in `1…limit`, `nextToken` 1…2048 non-blank).
    public static func decode(_ query: [String: String], limit: Int, defaultSize: Int) throws(AWSError) -> PageParameters {
        var r = ShapeReader()
        var size = defaultSize
        if let text = query["maxResults"] {
            if let n = Int(text) {
                _ = r.number(.number(Double(n)), "maxResults", min: 1, max: Double(limit), integer: true)
                size = n
            } else {
                throw ControlPlaneError.validation("Value '\(text)' at 'maxResults' failed to satisfy constraint: Member must be an integer")
            }
        }
        let token = query["nextToken"]
        if let token { _ = r.string(.string(token), "nextToken", minLength: 1, maxLength: 2048, pattern: "\\S*") }
        if let message = r.failureMessage { throw ControlPlaneError.validation(message) }
        return PageParameters(maxResults: size, nextToken: token)
    }

    /// Creates parameters.
    public init(maxResults: Int, nextToken: String?) {
        self.maxResults = maxResults
        self.nextToken = nextToken
    }
}
