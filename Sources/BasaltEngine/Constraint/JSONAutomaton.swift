/// A byte-level pushdown automaton that accepts exactly the JSON texts valid for a compiled schema,
/// optionally followed by a fixed suffix. The state is one inline "top" frame plus a small array of
/// enclosing frames; most bytes only touch the inline frame, so copying the automaton to test a candidate
/// token costs a few retains and allocates only when the token opens or closes a container.
///
/// Whitespace between JSON tokens is allowed but bounded: at most ``maxWhitespace`` consecutive
/// structural whitespace bytes, so a model cannot loop on spaces. Numbers are bounded too (15 integer
/// digits, 15 fraction digits, 3 exponent digits), and nesting is bounded by ``maxDepth``.
struct JSONAutomaton: Sendable {
    enum Kind: UInt8, Sendable { case document, object, array, string, number, literal }

    /// One open value. The meaning of `a`…`d` depends on `kind` (see the step functions).
    struct Frame: Sendable {
        var kind: Kind
        var phase: UInt8 = 0
        var node: Int32
        var a: Int32 = 0
        var b: Int32 = 0
        var c: Int32 = 0
        var d: Int32 = 0
        var mask: UInt64 = 0
    }

    enum DocumentPhase { static let before: UInt8 = 0, inValue: UInt8 = 1, afterValue: UInt8 = 2, suffix: UInt8 = 3, done: UInt8 = 4 }

    static let maxWhitespace: UInt8 = 2
    static let maxDepth = 48

    let graph: SchemaGraph
    let root: Int32
    let suffix: [UInt8]
    var top: Frame
    var stack: [Frame] = []
    var wsRun: UInt8 = 0

    init(graph: SchemaGraph, root: Int32, suffix: [UInt8]) {
        self.graph = graph
        self.root = root
        self.suffix = suffix
        top = Frame(kind: .document, node: root)
    }

    @inline(__always)
    static func isWhitespace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    /// Consumes one byte; false when it cannot follow the text so far (the state is then unspecified).
    mutating func consume(_ byte: UInt8) -> Bool {
        while true {
            switch top.kind {
            case .literal:
                guard case .literals(let set) = graph.nodes[Int(top.node)] else { return false }
                let lo = Int(top.a), hi = Int(top.b), pos = Int(top.c)
                if let r = set.narrow(lo: lo, hi: hi, pos: pos, byte: byte) {
                    top.a = Int32(r.lo)
                    top.b = Int32(r.hi)
                    top.c += 1
                    wsRun = 0
                    if set.closed(lo: r.lo, hi: r.hi, pos: pos + 1) { popCompleted() }
                    return true
                }
                guard set.completes(lo: lo, hi: hi, pos: pos) else { return false }
                popCompleted()  // the byte belongs to the enclosing value
            case .number:
                switch numberStep(byte) {
                case .consumed:
                    wsRun = 0
                    return true
                case .ended: popCompleted()
                case .rejected: return false
                }
            case .string:
                guard stringStep(byte) else { return false }
                wsRun = 0
                return true
            case .object: return objectStep(byte)
            case .array: return arrayStep(byte)
            case .document: return documentStep(byte)
            }
        }
    }

    /// True when the text so far is a complete document (including the suffix).
    var isComplete: Bool {
        var s = self
        while true {
            switch s.top.kind {
            case .literal:
                guard case .literals(let set) = graph.nodes[Int(s.top.node)],
                    set.completes(lo: Int(s.top.a), hi: Int(s.top.b), pos: Int(s.top.c))
                else { return false }
                s.popCompleted()
            case .number:
                guard Self.numberTerminal(s.top.phase) else { return false }
                s.popCompleted()
            case .document:
                return s.top.phase == DocumentPhase.done
                    || (s.top.phase == DocumentPhase.afterValue && suffix.isEmpty)
            default:
                return false
            }
        }
    }

    /// Structural whitespace, bounded.
    @inline(__always)
    mutating func whitespace() -> Bool {
        guard wsRun < Self.maxWhitespace else { return false }
        wsRun += 1
        return true
    }

    mutating func push(_ frame: Frame) {
        stack.append(top)
        top = frame
    }

    /// Closes the top value and tells its parent.
    mutating func popCompleted() {
        let child = top
        top = stack.removeLast()
        switch top.kind {
        case .object: objectChildDone(child)
        case .array:
            top.a += 1
            top.phase = ArrayPhase.afterValue
        case .document: top.phase = DocumentPhase.afterValue
        default: break
        }
    }

    private mutating func documentStep(_ byte: UInt8) -> Bool {
        switch top.phase {
        case DocumentPhase.before:
            if Self.isWhitespace(byte) { return whitespace() }
            wsRun = 0
            top.phase = DocumentPhase.inValue
            return beginValue(root, byte)
        case DocumentPhase.afterValue:
            if let first = suffix.first, byte == first {
                wsRun = 0
                top.phase = suffix.count == 1 ? DocumentPhase.done : DocumentPhase.suffix
                top.a = 1
                return true
            }
            return Self.isWhitespace(byte) && whitespace()
        case DocumentPhase.suffix:
            guard byte == suffix[Int(top.a)] else { return false }
            top.a += 1
            if Int(top.a) == suffix.count { top.phase = DocumentPhase.done }
            return true
        default:
            return false
        }
    }
}
