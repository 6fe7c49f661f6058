/// A request decoded from fuzzer bytes. Fields are separated by NUL bytes, in this order:
/// method, path, query, headers (`name:value` lines separated by `\n`), `Authorization` value (absent when the
/// input has fewer fields), `X-Amz-Date` value, body, flags/time. Text is decoded leniently (invalid UTF-8
/// becomes U+FFFD), as an HTTP server hands it over.
struct FuzzRequest {
    var method = "POST"
    var path = "/"
    var query = ""
    var headers: [(name: String, value: String)] = []
    var authorization: String?
    var amzDate = ""
    var body: [UInt8] = []
    /// Bits choosing credentials (bit 0: header form, bit 1: presigned form; set = temporary credentials).
    var flags: UInt8 = 0
    /// The signing time: `baseTime` moved by up to ±2^31 seconds.
    var time: Int64 = baseTime

    init(_ bytes: [UInt8]) {
        let fields = bytes.split(separator: 0, maxSplits: 7, omittingEmptySubsequences: false)
        func text(_ i: Int) -> String? { i < fields.count ? String(decoding: fields[i], as: UTF8.self) : nil }
        if let m = text(0) { method = m }
        if let p = text(1) { path = p }
        if let q = text(2) { query = q }
        if fields.count > 3 {
            for line in fields[3].split(separator: 0x0A, omittingEmptySubsequences: true) {
                let name = line.prefix { $0 != UInt8(ascii: ":") }
                let value = line.dropFirst(name.count).dropFirst()
                headers.append((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
            }
        }
        authorization = text(4)
        if let d = text(5) { amzDate = d }
        if fields.count > 6 { body = Array(fields[6]) }
        if fields.count > 7 {
            let tail = Array(fields[7])
            flags = tail.first ?? 0
            var offset: UInt32 = 0
            for b in tail.dropFirst().prefix(4) { offset = offset << 8 | UInt32(b) }
            time = baseTime + Int64(Int32(bitPattern: offset))
        }
    }
}
