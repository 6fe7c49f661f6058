import BasaltCore

/// Constrains output to one JSON value valid for a JSON Schema (structured output), then completes.
///
/// Enforced: `type` (single or list), object `properties` / `required` / `additionalProperties` (objects with
/// declared properties accept only those keys, each at most once, required ones before `}`), array `items` /
/// `minItems` / `maxItems`, string `minLength` / `maxLength` with escapes and strict UTF-8, `enum` and `const`
/// (matched against their compact serialisation), integers vs numbers, booleans, null, `anyOf` / `oneOf`
/// (the first alternative that can start with the value's first byte is taken), `allOf` (shallow merge),
/// `nullable`, local `$ref`, and `{}` for any value. Not enforced: numeric bounds, `pattern`, `format`,
/// `uniqueItems`, `prefixItems`. Whitespace between tokens is limited to two consecutive bytes; numbers to
/// 15 integer and 15 fraction digits; nesting to 48 levels.
public struct JSONConstraint: TokenConstraint {
    private var automaton: JSONAutomaton

    /// - Parameter schema: the JSON Schema of the value (`{}` accepts any JSON value).
    public init(schema: JSONValue) {
        var compiler = SchemaCompiler()
        let root = compiler.compileRoot(schema)
        automaton = JSONAutomaton(graph: SchemaGraph(nodes: compiler.nodes), root: root, suffix: [])
    }

    /// Whether appending `bytes` keeps the output a prefix of a valid value.
    public func accepts(_ bytes: some Collection<UInt8>) -> Bool {
        automaton.accepts(bytes)
    }

    /// Consumes accepted bytes.
    public mutating func advance(_ bytes: some Collection<UInt8>) {
        automaton.advance(bytes)
    }

    /// True once the output is a complete value (a bare number could still grow; it is complete anyway).
    public var isComplete: Bool { automaton.isComplete }
}
