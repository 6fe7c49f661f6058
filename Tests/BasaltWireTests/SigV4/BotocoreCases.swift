import BasaltWire
import Foundation

/// A request signed by botocore (`botocore_cases.py`, run at test time): the independent reference.
struct BotocoreCase: Decodable, Sendable, CustomStringConvertible {
    var name: String
    var method: String
    var path: String
    var query: String
    var headers: [[String]]
    var body: String
    /// botocore's canonical request (header form only).
    var canonical: String?
    var signature: String
    var form: String

    var description: String { name }
    var bodyBytes: [UInt8] { Array(Data(base64Encoded: body) ?? Data()) }
    var headerPairs: [(name: String, value: String)] { headers.map { ($0[0], $0[1]) } }
    var head: SignedRequestHead { SignedRequestHead(method: method, rawPath: path, rawQuery: query, headers: headerPairs) }

    /// 2024-01-15T12:00:00Z, the time botocore signed at.
    static let signingTime: Int64 = 1_705_320_000
    static let credentials = SigningCredentials(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    /// Runs the script beside this file.
    static func load() throws -> [BotocoreCase] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("botocore_cases.py")
        let source = try String(contentsOf: script, encoding: .utf8)
        let r = try runPython(source)
        guard r.status == 0 else { throw ScriptFailure(message: r.err) }
        return try JSONDecoder().decode([BotocoreCase].self, from: Data(r.out.utf8))
    }

    /// The credential botocore used for this case (the session token is in the request).
    var signingCredentials: SigningCredentials {
        var c = Self.credentials
        var token: String?
        if form == "query" {
            for p in query.split(separator: "&") where p.hasPrefix("X-Amz-Security-Token=") {
                token = String(p.dropFirst(21)).removingPercentEncoding
            }
        } else {
            token = headerPairs.first { $0.name.lowercased() == "x-amz-security-token" }?.value
        }
        c.sessionToken = token
        return c
    }

    struct ScriptFailure: Error { var message: String }
}
