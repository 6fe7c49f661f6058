import BasaltWire
import Hummingbird

extension Authenticator {
    /// Steps 1 and 2 for a Hummingbird request: the raw path and query exactly as received, and every header
    /// plus `host` (HTTP/1.1 `Host` arrives as the request's authority, not as a header field); a long-term API
    /// key is looked up (async). `finish(body:)` on the result checks the signature over the body.
    public func begin(_ request: Request) async throws(AWSError) -> PendingAuthentication {
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(request.headers.count + 1)
        if let authority = request.head.authority, request.headers[.init("host")!] == nil {
            headers.append((name: "host", value: authority))
        }
        for field in request.headers { headers.append((name: field.name.canonicalName, value: field.value)) }
        return try await begin(
            method: request.method.rawValue, rawPath: request.uri.path, rawQuery: request.uri.query ?? "", headers: headers
        ).resolved()
    }
}
