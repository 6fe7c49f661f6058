/// Value starts, numbers and strings.
///
/// Number frame: `phase` is the grammar position (0 after '-', 1 after a leading '0', 2 integer digits,
/// 3 after '.', 4 fraction digits, 5 after 'e', 6 after the exponent sign, 7 exponent digits), `a` the digits in
/// the current part, `b` 1 for integers. String frame: `phase` 0 plain, 1 after '\', 2…5 reading \u hex digits;
/// `a` code points so far, `b` the \u value being read, `c` pending UTF-8 continuation bytes (count in bits
/// 0-1, allowed range in bits 8-23), `d` 1 after a high surrogate escape (a low one must follow).
extension JSONAutomaton {
    enum NumberStep { case consumed, ended, rejected }

    static let maxIntegerDigits: Int32 = 15, maxFractionDigits: Int32 = 15, maxExponentDigits: Int32 = 3

    /// Pushes a frame for a value of schema `node` beginning with `byte` (consumed).
    mutating func beginValue(_ node: Int32, _ byte: UInt8) -> Bool {
        switch graph.nodes[Int(node)] {
        case .any:
            let target: Int32
            switch byte {
            case UInt8(ascii: "{"): target = SchemaGraph.anyObject
            case UInt8(ascii: "["): target = SchemaGraph.anyArray
            case UInt8(ascii: "\""): target = SchemaGraph.freeString
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): target = SchemaGraph.anyNumber
            case UInt8(ascii: "t"), UInt8(ascii: "f"): target = SchemaGraph.boolean
            case UInt8(ascii: "n"): target = SchemaGraph.null
            default: return false
            }
            return beginValue(target, byte)
        case .anyOf(let alternatives):
            for alt in alternatives where canStart(alt, byte, depth: 0) { return beginValue(alt, byte) }
            return false
        case .object:
            guard byte == UInt8(ascii: "{"), stack.count < Self.maxDepth else { return false }
            push(Frame(kind: .object, node: node))
            return true
        case .array:
            guard byte == UInt8(ascii: "["), stack.count < Self.maxDepth else { return false }
            push(Frame(kind: .array, node: node))
            return true
        case .string:
            guard byte == UInt8(ascii: "\"") else { return false }
            push(Frame(kind: .string, node: node))
            return true
        case .number(let integer):
            var f = Frame(kind: .number, node: node, b: integer ? 1 : 0)
            switch byte {
            case UInt8(ascii: "-"): f.phase = 0
            case UInt8(ascii: "0"): f.phase = 1
            case UInt8(ascii: "1")...UInt8(ascii: "9"):
                f.phase = 2
                f.a = 1
            default: return false
            }
            push(f)
            return true
        case .literals(let set):
            guard let r = set.narrow(lo: 0, hi: set.count, pos: 0, byte: byte) else { return false }
            push(Frame(kind: .literal, node: node, a: Int32(r.lo), b: Int32(r.hi), c: 1))
            if set.closed(lo: r.lo, hi: r.hi, pos: 1) { popCompleted() }
            return true
        }
    }

    /// Whether a value of schema `node` may begin with `byte`.
    func canStart(_ node: Int32, _ byte: UInt8, depth: Int) -> Bool {
        switch graph.nodes[Int(node)] {
        case .any:
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "-"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                return true
            default: return false
            }
        case .anyOf(let alternatives):
            // Bounded: reference cycles (`a` → `b` → `a`) would otherwise recurse forever.
            return depth < 16 && alternatives.contains { canStart($0, byte, depth: depth + 1) }
        case .object: return byte == UInt8(ascii: "{")
        case .array: return byte == UInt8(ascii: "[")
        case .string: return byte == UInt8(ascii: "\"")
        case .number: return byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        case .literals(let set): return set.canStart(byte)
        }
    }

    @inline(__always)
    static func numberTerminal(_ phase: UInt8) -> Bool { phase == 1 || phase == 2 || phase == 4 || phase == 7 }

    mutating func numberStep(_ byte: UInt8) -> NumberStep {
        let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        let integer = top.b == 1
        let isDot = byte == UInt8(ascii: "."), isExp = byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
        switch top.phase {
        case 0:
            guard isDigit else { return .rejected }
            top.phase = byte == UInt8(ascii: "0") ? 1 : 2
            top.a = 1
            return .consumed
        case 1, 2:
            if isDigit {
                guard top.phase == 2, top.a < Self.maxIntegerDigits else { return .rejected }
                top.a += 1
                return .consumed
            }
            if !integer && (isDot || isExp) {
                top.phase = isDot ? 3 : 5
                top.a = 0
                return .consumed
            }
            return .ended
        case 3:
            guard isDigit else { return .rejected }
            top.phase = 4
            top.a = 1
            return .consumed
        case 4:
            if isDigit {
                guard top.a < Self.maxFractionDigits else { return .rejected }
                top.a += 1
                return .consumed
            }
            if isExp {
                top.phase = 5
                top.a = 0
                return .consumed
            }
            return .ended
        case 5:
            if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
                top.phase = 6
                return .consumed
            }
            guard isDigit else { return .rejected }
            top.phase = 7
            top.a = 1
            return .consumed
        case 6:
            guard isDigit else { return .rejected }
            top.phase = 7
            top.a = 1
            return .consumed
        default:
            if isDigit {
                guard top.a < Self.maxExponentDigits else { return .rejected }
                top.a += 1
                return .consumed
            }
            return .ended
        }
    }

    @inline(__always)
    private static func hexValue(_ b: UInt8) -> Int32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int32(b - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    mutating func stringStep(_ byte: UInt8) -> Bool {
        var minLength = 0, maxLength = Int.max
        if case .string(let lo, let hi) = graph.nodes[Int(top.node)] {
            minLength = lo
            maxLength = hi
        }
        switch top.phase {
        case 0:
            if top.c != 0 {  // inside a UTF-8 sequence
                let lo = UInt8((top.c >> 8) & 0xFF), hi = UInt8((top.c >> 16) & 0xFF)
                guard byte >= lo, byte <= hi else { return false }
                let remaining = (top.c & 3) - 1
                top.c = remaining == 0 ? 0 : remaining | 0x80 << 8 | 0xBF << 16
                return true
            }
            if top.d != 0 {
                guard byte == UInt8(ascii: "\\") else { return false }
                top.phase = 1
                return true
            }
            switch byte {
            case UInt8(ascii: "\""):
                guard Int(top.a) >= minLength else { return false }
                popCompleted()
                return true
            case UInt8(ascii: "\\"):
                guard Int(top.a) < maxLength else { return false }
                top.phase = 1
                return true
            default:
                guard byte >= 0x20, Int(top.a) < maxLength else { return false }
                let count: Int32, lo: Int32, hi: Int32
                switch byte {
                case 0x20..<0x80: (count, lo, hi) = (0, 0, 0)
                case 0xC2...0xDF: (count, lo, hi) = (1, 0x80, 0xBF)
                case 0xE0: (count, lo, hi) = (2, 0xA0, 0xBF)
                case 0xE1...0xEC, 0xEE, 0xEF: (count, lo, hi) = (2, 0x80, 0xBF)
                case 0xED: (count, lo, hi) = (2, 0x80, 0x9F)
                case 0xF0: (count, lo, hi) = (3, 0x90, 0xBF)
                case 0xF1...0xF3: (count, lo, hi) = (3, 0x80, 0xBF)
                case 0xF4: (count, lo, hi) = (3, 0x80, 0x8F)
                default: return false
                }
                top.a += 1
                top.c = count == 0 ? 0 : count | lo << 8 | hi << 16
                return true
            }
        case 1:
            if top.d != 0 && byte != UInt8(ascii: "u") { return false }
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                top.a += 1
                top.phase = 0
                return true
            case UInt8(ascii: "u"):
                top.phase = 2
                top.b = 0
                return true
            default:
                return false
            }
        default:
            guard let v = Self.hexValue(byte) else { return false }
            // Reject as soon as the escape cannot end well: after a high surrogate only DC00–DFFF may
            // follow, and a lone low surrogate (DC00–DFFF) is never valid.
            if top.phase == 2, top.d != 0, v != 0xD { return false }
            if top.phase == 3, top.b == 0xD, (top.d != 0) != (v >= 0xC) { return false }
            top.b = top.b << 4 | v
            if top.phase < 5 {
                top.phase += 1
                return true
            }
            top.phase = 0
            let code = top.b
            if top.d != 0 {
                guard (0xDC00...0xDFFF).contains(code) else { return false }
                top.d = 0
                return true
            }
            if (0xDC00...0xDFFF).contains(code) { return false }
            if (0xD800...0xDBFF).contains(code) { top.d = 1 }
            top.a += 1
            return true
        }
    }
}
