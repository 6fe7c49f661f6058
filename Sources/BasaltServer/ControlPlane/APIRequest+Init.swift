extension APIRequest {
    /// A request built outside this module (hosts and in-process tests); the memberwise initializer is internal.
    public static func make(
        method: String, segments: [String], query: [String: String] = [:], headers: [String: String] = [:],
        body: [UInt8] = [], requestId: String
    ) -> APIRequest {
        APIRequest(method: method, segments: segments, query: query, headers: headers, body: body, requestId: requestId)
    }
}
