import BasaltCore

@testable import BasaltEngine

/// Feeds `text` to a constraint in chunks of 1…`maxChunk` bytes (sizes from a fixed-seed LCG), checking
/// `accepts` before each `advance`. Returns whether every chunk was accepted and whether the constraint
/// was complete at the end; `completeEarly` is set if it claimed completion before the last chunk.
struct FeedResult {
    var accepted: Bool
    var complete: Bool
    var completeEarly: Bool
}

func feed(_ constraint: some TokenConstraint, _ text: String, seed: UInt64 = 1, maxChunk: Int = 5) -> FeedResult {
    var c = constraint
    let bytes = Array(text.utf8)
    var s = seed
    var i = 0
    var early = false
    while i < bytes.count {
        s = s &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let n = min(bytes.count - i, 1 + Int((s >> 33) % UInt64(maxChunk)))
        let chunk = bytes[i..<i + n]
        if c.isComplete { early = true }
        guard c.accepts(chunk) else { return FeedResult(accepted: false, complete: false, completeEarly: early) }
        c.advance(chunk)
        i += n
    }
    return FeedResult(accepted: true, complete: c.isComplete, completeEarly: early)
}

/// A small JSON Schema validator written for the tests, independent of the automaton: supports the
/// keywords the test schemas use.
func validates(_ value: JSONValue, _ schema: JSONValue, root: JSONValue? = nil) -> Bool {
    let root = root ?? schema
    guard case .object(let s) = schema else { return true }
    if let ref = s["$ref"]?.stringValue {
        var target = root
        for part in ref.dropFirst(2).split(separator: "/") { target = target[String(part)] ?? .null }
        return validates(value, target, root: root)
    }
    if let c = s["const"], c != value { return false }
    if let e = s["enum"]?.arrayValue, !e.contains(value) { return false }
    if let alts = s["anyOf"]?.arrayValue, !alts.contains(where: { validates(value, $0, root: root) }) { return false }
    if let type = s["type"] {
        let types = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue ?? ""]
        let ok = types.contains { t in
            switch (t, value) {
            case ("integer", .number(let d)): d.rounded() == d
            case ("number", .number), ("string", .string), ("boolean", .bool), ("null", .null), ("array", .array),
                ("object", .object):
                true
            default: false
            }
        }
        if !ok { return false }
    }
    switch value {
    case .string(let str):
        if let lo = s["minLength"]?.intValue, str.unicodeScalars.count < lo { return false }
        if let hi = s["maxLength"]?.intValue, str.unicodeScalars.count > hi { return false }
    case .array(let items):
        if let lo = s["minItems"]?.intValue, items.count < lo { return false }
        if let hi = s["maxItems"]?.intValue, items.count > hi { return false }
        if let itemSchema = s["items"], !items.allSatisfy({ validates($0, itemSchema, root: root) }) { return false }
    case .object(let o):
        let props = s["properties"]?.objectValue ?? JSONObject()
        for r in s["required"]?.arrayValue ?? [] where o[r.stringValue ?? ""] == nil { return false }
        for (k, v) in o {
            if let ps = props[k] {
                if !validates(v, ps, root: root) { return false }
            } else if let extra = s["additionalProperties"] {
                if extra == .bool(false) { return false }
                if case .object = extra, !validates(v, extra, root: root) { return false }
            }
        }
    default:
        break
    }
    return true
}
