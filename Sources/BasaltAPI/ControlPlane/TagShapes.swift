import BasaltCore
import BasaltWire

/// Tag members: `TagList` `[{key, value}]` in `bedrock`, `TagsMap` `{k: v}` in `bedrock-agent` (spec §16 trap 8).
public enum TagShapes {
    /// `TagKey` pattern (bedrock and bedrock-agent).
    public static let keyPattern = "[a-zA-Z0-9\\s._:/=+@-]*"

    /// Reads a `TagList` (at most 200 per call).
    public static func list(_ v: JSONValue?, _ path: String, required: Bool = false, reader r: inout ShapeReader)
        -> [(key: String, value: String)]
    {
        guard let items = r.array(v, path, required: required) else { return [] }
        if items.count > 200 { r.violation(path, value: nil, "Member must have length less than or equal to 200") }
        var out: [(key: String, value: String)] = []
        for (i, item) in items.enumerated() {
            let p = "\(path).\(i + 1).member"
            guard let o = r.object(item, p, required: true) else { continue }
            let key = r.string(o["key"], "\(p).key", required: true, minLength: 1, maxLength: 128, pattern: keyPattern)
            let value = r.string(o["value"], "\(p).value", required: true, minLength: 0, maxLength: 256, pattern: keyPattern)
            if let key, let value { out.append((key, value)) }
        }
        return out
    }

    /// Reads a `TagsMap`.
    public static func map(_ v: JSONValue?, _ path: String, required: Bool = false, reader r: inout ShapeReader)
        -> [(key: String, value: String)]
    {
        guard let o = r.object(v, path, required: required) else { return [] }
        var out: [(key: String, value: String)] = []
        for (k, value) in o {
            _ = r.string(.string(k), "\(path).\(k)", minLength: 1, maxLength: 128, pattern: keyPattern)
            if let s = r.string(value, "\(path).\(k)", maxLength: 256, pattern: keyPattern) { out.append((k, s)) }
        }
        return out
    }

    /// Renders a `TagList`.
    public static func encodeList(_ tags: [(key: String, value: String)]) -> JSONValue {
        .array(tags.map { .object(JSONObject([("key", .string($0.key)), ("value", .string($0.value))])) })
    }

    /// Renders a `TagsMap`.
    public static func encodeMap(_ tags: [(key: String, value: String)]) -> JSONValue {
        .object(JSONObject(tags.map { ($0.key, .string($0.value)) }))
    }
}
