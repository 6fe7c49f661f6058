import BasaltCore
import Foundation

/// A runtime value of the Jinja interpreter, with Python semantics for printing and truthiness.
enum JinjaValue {
    case undefined
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JinjaValue])
    case object(JinjaObject)
    /// `namespace(...)`: the one mutable container Jinja has (assignments through `set ns.x = …`).
    case namespace(JinjaNamespace)
    case function(JinjaFunction)

    init(_ json: JSONValue) {
        switch json {
        case .null: self = .none
        case .bool(let b): self = .bool(b)
        case .number(let d): self = d.rounded() == d && abs(d) < 9e15 ? .int(Int(d)) : .double(d)
        case .string(let s): self = .string(s)
        case .array(let a): self = .array(a.map(JinjaValue.init))
        case .object(let o):
            var obj = JinjaObject()
            for (k, v) in o { obj[k] = JinjaValue(v) }
            self = .object(obj)
        }
    }

    var isTruthy: Bool {
        switch self {
        case .undefined, .none: false
        case .bool(let b): b
        case .int(let i): i != 0
        case .double(let d): d != 0
        case .string(let s): !s.isEmpty
        case .array(let a): !a.isEmpty
        case .object(let o): !o.isEmpty
        case .namespace, .function: true
        }
    }

    var isDefined: Bool { if case .undefined = self { false } else { true } }

    /// Python `str(value)`, as `{{ value }}` prints it.
    var text: String {
        switch self {
        case .undefined: ""
        case .string(let s): s
        default: repr
        }
    }

    /// Python `repr(value)`.
    var repr: String {
        switch self {
        case .undefined: ""
        case .none: "None"
        case .bool(let b): b ? "True" : "False"
        case .int(let i): String(i)
        case .double(let d): Self.pythonFloat(d)
        case .string(let s): Self.pythonRepr(s)
        case .array(let a): "[" + a.map(\.repr).joined(separator: ", ") + "]"
        case .object(let o): "{" + o.map { Self.pythonRepr($0.key) + ": " + $0.value.repr }.joined(separator: ", ") + "}"
        case .namespace(let n): "<Namespace " + n.values.map { $0.key + "=" + $0.value.repr }.joined(separator: ", ") + ">"
        case .function: "<function>"
        }
    }

    static func pythonFloat(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d > 0 ? "inf" : "-inf" }
        if d.rounded() == d, abs(d) < 1e16 { return String(format: "%.1f", d) }
        return "\(d)"
    }

    static func pythonRepr(_ s: String) -> String {
        let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for ch in s.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(ch) == quote {
                    out += "\\" + String(quote)
                } else if ch.value < 0x20 || ch.value == 0x7F {
                    out += String(format: "\\x%02x", ch.value)
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        out.append(quote)
        return out
    }

    /// Python's `json.dumps(value, ensure_ascii=False, indent=indent)` (what Hugging Face's `tojson` does).
    func json(indent: Int? = nil, sortKeys: Bool = false) -> String {
        var out = ""
        writeJSON(&out, indent: indent, level: 0, sortKeys: sortKeys)
        return out
    }

    private func writeJSON(_ out: inout String, indent: Int?, level: Int, sortKeys: Bool) {
        func newline(_ l: Int) {
            if let indent { out += "\n" + String(repeating: " ", count: indent * l) }
        }
        let itemSep = indent == nil ? ", " : ","
        switch self {
        case .undefined, .none, .function: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            out += d.isNaN ? "NaN" : d.isInfinite ? (d > 0 ? "Infinity" : "-Infinity") : Self.pythonFloat(d)
        case .string(let s): Self.writeJSONString(s, to: &out)
        case .array(let a):
            if a.isEmpty { out += "[]"; return }
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += itemSep }
                newline(level + 1)
                v.writeJSON(&out, indent: indent, level: level + 1, sortKeys: sortKeys)
            }
            newline(level)
            out += "]"
        case .object(let o):
            writeObject(o.map { ($0.key, $0.value) }, &out, indent: indent, level: level, sortKeys: sortKeys)
        case .namespace(let n):
            writeObject(n.values.map { ($0.key, $0.value) }, &out, indent: indent, level: level, sortKeys: sortKeys)
        }
    }

    private func writeObject(
        _ pairs: [(String, JinjaValue)], _ out: inout String, indent: Int?, level: Int, sortKeys: Bool
    ) {
        if pairs.isEmpty { out += "{}"; return }
        let items = sortKeys ? pairs.sorted { $0.0 < $1.0 } : pairs
        out += "{"
        for (i, (k, v)) in items.enumerated() {
            if i > 0 { out += indent == nil ? ", " : "," }
            if let indent { out += "\n" + String(repeating: " ", count: indent * (level + 1)) }
            Self.writeJSONString(k, to: &out)
            out += ": "
            v.writeJSON(&out, indent: indent, level: level + 1, sortKeys: sortKeys)
        }
        if let indent { out += "\n" + String(repeating: " ", count: indent * level) }
        out += "}"
    }

    static func writeJSONString(_ s: String, to out: inout String) {
        JSONValue.writeString(s, to: &out)
    }
}

/// An ordered string-keyed mapping (Python dicts keep insertion order).
struct JinjaObject: Sequence {
    private(set) var keys: [String] = []
    private var storage: [String: JinjaValue] = [:]

    init() {}
    subscript(key: String) -> JinjaValue? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }
    var isEmpty: Bool { keys.isEmpty }
    var count: Int { keys.count }
    func makeIterator() -> some IteratorProtocol<(key: String, value: JinjaValue)> {
        keys.lazy.map { (key: $0, value: storage[$0]!) }.makeIterator()
    }
}

/// Mutable attribute bag of `namespace()`.
final class JinjaNamespace {
    var values = JinjaObject()
    init(_ values: JinjaObject) { self.values = values }
}

/// A callable value: globals (`range`, `namespace`, `raise_exception`…), macros and bound methods.
struct JinjaFunction {
    let call: ([JinjaValue], [(String, JinjaValue)]) throws -> JinjaValue
}
