/// A request as received, before its body: what SigV4 verification needs besides the body hash.
public struct SignedRequestHead: Sendable {
    /// The HTTP method.
    public var method: String
    /// The path of the request-target exactly as received (still percent-encoded).
    public var rawPath: String
    /// The query string exactly as received, without `?` (empty if none).
    public var rawQuery: String
    /// Every header, in order, duplicates kept. Must include `host` (HTTP/1.1 `Host`, or HTTP/2 `:authority`).
    public var headers: [(name: String, value: String)]

    /// A request head from its parts.
    public init(method: String, rawPath: String, rawQuery: String, headers: [(name: String, value: String)]) {
        self.method = method
        self.rawPath = rawPath
        self.rawQuery = rawQuery
        self.headers = headers
    }

    /// Splits a raw request-target (`/path?query`) into path and query.
    public init(method: String, target: String, headers: [(name: String, value: String)]) {
        let path = target.prefix(while: { $0 != "?" && $0 != "#" })
        var query = target.dropFirst(path.count)
        if query.first == "?" { query = query.dropFirst() }
        if let hash = query.firstIndex(of: "#") { query = query[..<hash] }
        self.init(method: method, rawPath: String(path), rawQuery: String(query), headers: headers)
    }
}
