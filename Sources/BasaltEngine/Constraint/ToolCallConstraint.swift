import BasaltCore

/// Constrains output to one tool call in the Hermes/ChatML style:
/// `{"name": "<tool name>", "arguments": <JSON valid for that tool's input schema>}` followed by
/// `\n</tool_call>`, after which the constraint is complete.
///
/// The envelope's keys must come in that order (the name selects the arguments schema); whitespace
/// between JSON tokens is allowed but bounded (see ``JSONConstraint`` for the schema subset enforced).
/// The schema is compiled once at init; the automaton state is a small value, so `accepts` copies it
/// cheaply for each candidate token.
public struct ToolCallConstraint: TokenConstraint {
    /// The text that must follow the JSON object.
    public static let closingTag = "\n</tool_call>"

    private var automaton: JSONAutomaton

    /// - Parameters:
    ///   - tools: the tools the model may call.
    ///   - forcedName: when set, only this tool may be called (Converse `toolChoice: {tool: {name}}`);
    ///     a name not among `tools` is allowed with unconstrained object arguments.
    public init(tools: [ToolSpec], forcedName: String? = nil) {
        var chosen = tools
        if let forcedName {
            chosen = tools.filter { $0.name == forcedName }
            if chosen.isEmpty { chosen = [ToolSpec(name: forcedName, description: nil, inputSchema: ["type": "object"])] }
        }
        var compiler = SchemaCompiler()
        let argumentNodes = chosen.map { compiler.compileRoot($0.inputSchema) }
        let names = compiler.add(.literals(LiteralSet(chosen.map { JSONValue.string($0.name).serializedBytes })))
        let envelopeKeys = [JSONValue.string("name").serializedBytes, JSONValue.string("arguments").serializedBytes]
        let envelope = ObjectShape(
            keys: LiteralSet(envelopeKeys), properties: [names, SchemaGraph.anyObject], requiredMask: 0b11,
            ordered: true, additional: nil, dependent: (source: 0, target: 1, nodes: argumentNodes))
        let root = compiler.add(.object(envelope))
        automaton = JSONAutomaton(
            graph: SchemaGraph(nodes: compiler.nodes), root: root, suffix: Array(Self.closingTag.utf8))
    }

    /// Whether appending `bytes` keeps the output a prefix of a valid tool call.
    public func accepts(_ bytes: some Collection<UInt8>) -> Bool {
        automaton.accepts(bytes)
    }

    /// Consumes accepted bytes.
    public mutating func advance(_ bytes: some Collection<UInt8>) {
        automaton.advance(bytes)
    }

    /// True once the closing tag has been produced.
    public var isComplete: Bool { automaton.isComplete }
}

extension JSONAutomaton {
    /// Runs `bytes` on a copy of the state.
    func accepts(_ bytes: some Collection<UInt8>) -> Bool {
        var copy = self
        if let result = bytes.withContiguousStorageIfAvailable({ buffer -> Bool in
            for b in buffer where !copy.consume(b) { return false }
            return true
        }) {
            return result
        }
        for b in bytes where !copy.consume(b) { return false }
        return true
    }

    /// Consumes bytes already known to be accepted (a rejected byte is ignored, leaving the state unchanged).
    mutating func advance(_ bytes: some Collection<UInt8>) {
        for b in bytes {
            var next = self
            if next.consume(b) { self = next }
        }
    }
}
