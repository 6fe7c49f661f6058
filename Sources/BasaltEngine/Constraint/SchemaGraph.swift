import BasaltCore

/// One node of a compiled JSON Schema: the shape the byte automaton enforces for a value.
enum SchemaNode: Sendable {
    /// Any JSON value.
    case any
    /// A string of `minLength...maxLength` code points.
    case string(minLength: Int, maxLength: Int)
    /// A number; `integer` forbids fraction and exponent.
    case number(integer: Bool)
    /// Exactly one of these serialised values (`enum`, `const`, booleans, null).
    case literals(LiteralSet)
    /// An array whose items match node `items`.
    case array(items: Int32, minItems: Int, maxItems: Int)
    case object(ObjectShape)
    /// The first alternative that can start with the value's first byte (`anyOf`, `oneOf`, type lists).
    case anyOf([Int32])
}

/// The keys an object may hold and the schema of each value.
struct ObjectShape: Sendable {
    /// Serialised keys including their quotes (`"name"`); `origin` maps to `properties`.
    var keys: LiteralSet
    var properties: [Int32]
    /// Bit i set when property i is required.
    var requiredMask: UInt64
    /// Keys must appear in declared order (the tool-call envelope).
    var ordered: Bool
    /// Schema of values under free-form keys, allowed only when `properties` is empty; nil forbids them.
    var additional: Int32?
    /// The value schema of property `target` is `nodes[i]`, where i is the declared index of the literal
    /// chosen for property `source` (the tool name selects the arguments schema).
    var dependent: (source: Int, target: Int, nodes: [Int32])?
}

/// A compiled schema: immutable nodes shared by every copy of an automaton.
final class SchemaGraph: Sendable {
    /// Fixed nodes present in every graph.
    static let anyNode: Int32 = 0, anyObject: Int32 = 1, anyArray: Int32 = 2, freeString: Int32 = 3,
        anyNumber: Int32 = 4, boolean: Int32 = 5, null: Int32 = 6

    let nodes: [SchemaNode]
    init(nodes: [SchemaNode]) { self.nodes = nodes }
}

/// Turns JSON Schema documents into ``SchemaNode``s. Supported: `type` (single or list), `properties`,
/// `required`, `additionalProperties`, `items`, `minItems`/`maxItems`, `minLength`/`maxLength`, `enum`,
/// `const`, `anyOf`/`oneOf` (first matching alternative wins), `allOf` (shallow merge of object keywords),
/// `nullable`, and local `$ref` (`#`, `#/$defs/…`, `#/definitions/…`, recursion included). Objects with declared
/// properties accept only those keys (also when `additionalProperties` would allow more); at most 64
/// properties are tracked. Numeric bounds, `pattern` and `format` are not enforced.
struct SchemaCompiler {
    private(set) var nodes: [SchemaNode]
    private var root: JSONValue = .object(JSONObject())
    private var refs: [String: Int32] = [:]
    /// Nesting of `compile` calls; past `maxDepth` (a reference cycle through `allOf`) values are unconstrained.
    private var depth = 0
    private static let maxDepth = 64

    init() {
        nodes = [
            .any,
            .object(ObjectShape(keys: LiteralSet([]), properties: [], requiredMask: 0, ordered: false,
                                additional: SchemaGraph.anyNode, dependent: nil)),
            .array(items: SchemaGraph.anyNode, minItems: 0, maxItems: .max),
            .string(minLength: 0, maxLength: .max),
            .number(integer: false),
            .literals(LiteralSet([Array("true".utf8), Array("false".utf8)])),
            .literals(LiteralSet([Array("null".utf8)])),
        ]
    }

    /// Appends a node and returns its id.
    mutating func add(_ node: SchemaNode) -> Int32 {
        nodes.append(node)
        return Int32(nodes.count - 1)
    }

    /// Compiles `schema` as a document root (the base of its `$ref`s).
    mutating func compileRoot(_ schema: JSONValue) -> Int32 {
        root = schema
        refs = [:]
        return compile(schema)
    }

    mutating func compile(_ schema: JSONValue) -> Int32 {
        guard case .object(let s) = schema, depth < Self.maxDepth else { return SchemaGraph.anyNode }
        depth += 1
        defer { depth -= 1 }
        if let ref = s["$ref"]?.stringValue { return compileRef(ref) }
        if let c = s["const"] { return add(.literals(LiteralSet([c.serializedBytes]))) }
        if let e = s["enum"]?.arrayValue, !e.isEmpty { return add(.literals(LiteralSet(e.map(\.serializedBytes)))) }
        if let alts = (s["anyOf"] ?? s["oneOf"])?.arrayValue, !alts.isEmpty {
            // A referenced alternative is compiled through its (memoised) reference so recursion terminates.
            return add(.anyOf(alts.map {
                $0["$ref"] != nil ? compile($0) : compile(merged(s, into: $0, dropping: ["anyOf", "oneOf"]))
            }))
        }
        if let all = s["allOf"]?.arrayValue, !all.isEmpty {
            var base = s
            base["allOf"] = nil
            var acc = JSONValue.object(base)
            for part in all { acc = merged(acc.objectValue ?? JSONObject(), into: resolved(part), dropping: []) }
            return compile(acc)
        }
        var types: [String] = []
        switch s["type"] {
        case .string(let t): types = [t]
        case .array(let list): types = list.compactMap(\.stringValue)
        default:
            if s["properties"] != nil || s["additionalProperties"] != nil || s["required"] != nil {
                types = ["object"]
            } else if s["items"] != nil {
                types = ["array"]
            }
        }
        if s["nullable"]?.boolValue == true, !types.isEmpty, !types.contains("null") { types.append("null") }
        if types.isEmpty { return SchemaGraph.anyNode }
        if types.count == 1 { return compileTyped(types[0], s) }
        return add(.anyOf(types.map { compileTyped($0, s) }))
    }

    private mutating func compileTyped(_ type: String, _ s: JSONObject) -> Int32 {
        switch type {
        case "string":
            let lo = max(0, s["minLength"]?.intValue ?? 0)
            let hi = max(lo, s["maxLength"]?.intValue ?? .max)
            if lo == 0 && hi == .max { return SchemaGraph.freeString }
            return add(.string(minLength: lo, maxLength: hi))
        case "number": return SchemaGraph.anyNumber
        case "integer": return add(.number(integer: true))
        case "boolean": return SchemaGraph.boolean
        case "null": return SchemaGraph.null
        case "array":
            let items = s["items"].map { compile($0) } ?? SchemaGraph.anyNode
            let lo = max(0, s["minItems"]?.intValue ?? 0)
            let hi = max(lo, s["maxItems"]?.intValue ?? .max)
            return add(.array(items: items, minItems: lo, maxItems: hi))
        case "object": return compileObject(s)
        default: return SchemaGraph.anyNode
        }
    }

    private mutating func compileObject(_ s: JSONObject) -> Int32 {
        var properties = s["properties"]?.objectValue ?? JSONObject()
        let requiredNames = (s["required"]?.arrayValue ?? []).compactMap(\.stringValue)
        // A required key the schema does not describe is still a key the object must have.
        for name in requiredNames where properties[name] == nil { properties[name] = .object(JSONObject()) }
        let declared = Array(properties.prefix(64))
        let id = add(.any)  // placeholder so recursive references see a stable id
        let required = Set(requiredNames)
        var mask: UInt64 = 0
        var props: [Int32] = []
        for (i, p) in declared.enumerated() {
            props.append(compile(p.value))
            if required.contains(p.key) { mask |= 1 << UInt64(i) }
        }
        var additional: Int32?
        if declared.isEmpty {
            switch s["additionalProperties"] {
            case .bool(false): additional = nil
            case .none, .bool(true), .null: additional = SchemaGraph.anyNode
            case .some(let schema): additional = compile(schema)
            }
        }
        let keys = LiteralSet(declared.map { JSONValue.string($0.key).serializedBytes })
        nodes[Int(id)] = .object(ObjectShape(keys: keys, properties: props, requiredMask: mask, ordered: false,
                                             additional: additional, dependent: nil))
        return id
    }

    private mutating func compileRef(_ ref: String) -> Int32 {
        if let id = refs[ref] { return id }
        guard let target = lookup(ref) else { return SchemaGraph.anyNode }
        // Reserve the id first so a recursive reference resolves to this node.
        let id = add(.any)
        refs[ref] = id
        let compiled = compile(target)
        nodes[Int(id)] = .anyOf([compiled])
        return id
    }

    private func lookup(_ ref: String) -> JSONValue? {
        guard ref.hasPrefix("#") else { return nil }
        var node = root
        for part in ref.dropFirst().split(separator: "/") {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let o = node.objectValue, let next = o[key] {
                node = next
            } else if let a = node.arrayValue, let i = Int(key), a.indices.contains(i) {
                node = a[i]
            } else {
                return nil
            }
        }
        return node
    }

    private func resolved(_ schema: JSONValue) -> JSONValue {
        if let ref = schema["$ref"]?.stringValue, let target = lookup(ref) { return target }
        return schema
    }

    /// `part` with the keywords of `outer` it does not set itself; `properties` and `required` are unioned.
    private func merged(_ outer: JSONObject, into part: JSONValue, dropping: Set<String>) -> JSONValue {
        guard case .object(var p) = resolved(part) else { return part }
        for (k, v) in outer where !dropping.contains(k) {
            switch (k, p[k], v) {
            case ("properties", .object(var mine)?, .object(let theirs)):
                for (pk, pv) in theirs where mine[pk] == nil { mine[pk] = pv }
                p[k] = .object(mine)
            case ("required", .array(let mine)?, .array(let theirs)):
                p[k] = .array(mine + theirs.filter { !mine.contains($0) })
            case (_, nil, _):
                p[k] = v
            default:
                break
            }
        }
        return .object(p)
    }
}
