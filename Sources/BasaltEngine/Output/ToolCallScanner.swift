import BasaltCore

/// Incremental reader of a tool call's JSON object (`{"name": …, "arguments": …}`, or Llama 3.1's
/// `"parameters"`): rescans the text received so far and reports what is known yet.
struct ToolCallScanner {
    struct Scan: Equatable {
        /// The tool name, once its string value is complete.
        var name: String?
        /// Byte range of the arguments value received so far.
        var arguments: Range<Int>?
        var argumentsComplete = false
        /// Offset just past the closing `}` of the object, once complete.
        var objectEnd: Int?
        /// The text cannot be a tool call object.
        var malformed = false
    }

    static func scan(_ b: [UInt8]) -> Scan {
        var r = Scan()
        var i = 0
        func ws() { while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 } }
        ws()
        guard i < b.count else { return r }
        guard b[i] == UInt8(ascii: "{") else { r.malformed = true; return r }
        i += 1
        while true {
            ws()
            guard i < b.count else { return r }
            if b[i] == UInt8(ascii: "}") {
                r.objectEnd = i + 1
                return r
            }
            guard b[i] == UInt8(ascii: "\"") else { r.malformed = true; return r }
            let keyStart = i
            guard let keyEnd = valueEnd(b, from: i) else { return r }
            let key = try? JSONValue.parse(b[keyStart..<keyEnd]).stringValue
            i = keyEnd
            ws()
            guard i < b.count else { return r }
            guard b[i] == UInt8(ascii: ":") else { r.malformed = true; return r }
            i += 1
            ws()
            guard i < b.count else { return r }
            let start = i
            let isArguments = key == "arguments" || key == "parameters"
            guard let end = valueEnd(b, from: i) else {
                if isArguments { r.arguments = start..<b.count }
                if key == "name", b[start] != UInt8(ascii: "\"") { r.malformed = true }
                return r
            }
            if end < 0 { r.malformed = true; return r }
            if key == "name" {
                guard let n = try? JSONValue.parse(b[start..<end]).stringValue else { r.malformed = true; return r }
                r.name = n
            } else if isArguments {
                r.arguments = start..<end
                r.argumentsComplete = true
            }
            i = end
            ws()
            guard i < b.count else { return r }
            if b[i] == UInt8(ascii: ",") {
                i += 1
            } else if b[i] != UInt8(ascii: "}") {
                r.malformed = true
                return r
            }
        }
    }

    /// End offset of the JSON value starting at `i`; nil when the text ends first, -1 when it is not JSON.
    static func valueEnd(_ b: [UInt8], from start: Int) -> Int? {
        var i = start
        var depth = 0
        var inString = false
        while i < b.count {
            let c = b[i]
            if inString {
                if c == UInt8(ascii: "\\") { i += 2; continue }
                if c == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { return i + 1 }
                }
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return -1 }
                depth -= 1
                if depth == 0 { return i + 1 }
            default:
                if depth == 0 {
                    // A scalar: runs until a delimiter.
                    let scalar = Set("0123456789+-.eEtruefalsn".utf8)
                    guard scalar.contains(c) else { return -1 }
                    var j = i
                    while j < b.count, scalar.contains(b[j]) { j += 1 }
                    if j == b.count { return nil }
                    return (try? JSONValue.parse(b[i..<j])) != nil ? j : -1
                }
            }
            i += 1
        }
        return nil
    }
}
