import Foundation

/// Operators, attribute and item access, globals: Python semantics where chat templates depend on them.
extension JinjaInterpreter {
    /// Global functions every template sees (a fresh table per render: values are not Sendable).
    static var builtins: [String: JinjaValue] { [
        "range": .function(JinjaFunction { args, _ in
            let n = args.compactMap { if case .int(let i) = $0 { i } else { nil } }
            let (start, stop, step) = n.count == 1 ? (0, n[0], 1) : (n.first ?? 0, n.count > 1 ? n[1] : 0, n.count > 2 ? n[2] : 1)
            guard step != 0 else { throw JinjaError.runtime("range() step must not be zero") }
            return .array(Array(stride(from: start, to: stop, by: step)).map { .int($0) })
        }),
        "namespace": .function(JinjaFunction { args, kwargs in
            var o = JinjaObject()
            if case .object(let initial)? = args.first { for (k, v) in initial { o[k] = v } }
            for (k, v) in kwargs { o[k] = v }
            return .namespace(JinjaNamespace(o))
        }),
        "dict": .function(JinjaFunction { args, kwargs in
            var o = JinjaObject()
            if case .object(let initial)? = args.first { for (k, v) in initial { o[k] = v } }
            for (k, v) in kwargs { o[k] = v }
            return .object(o)
        }),
        "raise_exception": .function(JinjaFunction { args, _ in
            throw JinjaError.raised(args.first?.text ?? "Template raised an exception")
        }),
        "strftime_now": .function(JinjaFunction { args, _ in
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.dateFormat = JinjaInterpreter.dateFormat(fromStrftime: args.first?.text ?? "%Y-%m-%d")
            return .string(f.string(from: Date()))
        }),
    ] }

    /// Converts the strftime directives templates use (`%d %b %Y`, …) to a DateFormatter pattern.
    static func dateFormat(fromStrftime s: String) -> String {
        let map: [Character: String] = [
            "d": "dd", "m": "MM", "Y": "yyyy", "y": "yy", "b": "MMM", "B": "MMMM", "H": "HH", "M": "mm",
            "S": "ss", "a": "EEE", "A": "EEEE", "p": "a", "I": "hh", "j": "DDD",
        ]
        var out = ""
        var it = s.makeIterator()
        while let c = it.next() {
            if c == "%", let d = it.next() {
                out += map[d] ?? (d == "%" ? "%" : String(d))
            } else if c.isLetter {
                out += "'\(c)'"
            } else {
                out.append(c)
            }
        }
        return out
    }

    func attribute(_ base: JinjaValue, _ name: String) throws(JinjaError) -> JinjaValue {
        switch base {
        case .object(let o):
            if let v = o[name] { return v }
            return dictMethod(o, name) ?? .undefined
        case .namespace(let n): return n.values[name] ?? .undefined
        case .string(let s): return stringMethod(s, name) ?? .undefined
        case .array(let a) where name == "count":
            return .function(JinjaFunction { args, _ in .int(a.filter { x in args.first.map { Self.equals(x, $0) } ?? false }.count) })
        default: return .undefined
        }
    }

    func subscriptValue(_ base: JinjaValue, _ key: JinjaValue) throws(JinjaError) -> JinjaValue {
        switch (base, key) {
        case (.array(let a), .int(let i)):
            let k = i < 0 ? a.count + i : i
            return a.indices.contains(k) ? a[k] : .undefined
        case (.string(let s), .int(let i)):
            let chars = Array(s)
            let k = i < 0 ? chars.count + i : i
            return chars.indices.contains(k) ? .string(String(chars[k])) : .undefined
        case (.object, .string(let name)), (.namespace, .string(let name)):
            return try attribute(base, name)
        case (.object(let o), _):
            return o[key.text] ?? .undefined
        default:
            return .undefined
        }
    }

    func slice(_ base: JinjaValue, _ start: Int?, _ stop: Int?, _ step: Int?) throws(JinjaError) -> JinjaValue {
        func indices(_ n: Int) -> [Int] {
            let st = step ?? 1
            func clamp(_ v: Int?, _ def: Int) -> Int {
                guard var v else { return def }
                if v < 0 { v += n }
                return st > 0 ? min(max(v, 0), n) : min(max(v, -1), n - 1)
            }
            var out: [Int] = []
            if st > 0 {
                var i = clamp(start, 0)
                let e = clamp(stop, n)
                while i < e { out.append(i); i += st }
            } else {
                var i = clamp(start, n - 1)
                let e = clamp(stop, -1)
                while i > e { out.append(i); i += st }
            }
            return out
        }
        guard step != 0 else { throw .runtime("slice step cannot be zero") }
        switch base {
        case .array(let a): return .array(indices(a.count).map { a[$0] })
        case .string(let s):
            let chars = Array(s)
            return .string(String(indices(chars.count).map { chars[$0] }))
        default: return .undefined
        }
    }

    func binary(_ op: String, _ l: JinjaValue, _ r: JinjaValue) throws(JinjaError) -> JinjaValue {
        if op == "~" { return .string(l.text + r.text) }
        switch (op, l, r) {
        case ("+", .string(let a), .string(let b)): return .string(a + b)
        case ("+", .array(let a), .array(let b)): return .array(a + b)
        case ("*", .string(let a), .int(let n)): return .string(String(repeating: a, count: max(n, 0)))
        case ("*", .array(let a), .int(let n)): return .array(Array(repeating: a, count: max(n, 0)).flatMap { $0 })
        case (_, .int(let a), .int(let b)):
            switch op {
            case "+": return .int(a + b)
            case "-": return .int(a - b)
            case "*": return .int(a * b)
            case "/":
                guard b != 0 else { throw .runtime("division by zero") }
                return .double(Double(a) / Double(b))
            case "//":
                guard b != 0 else { throw .runtime("division by zero") }
                return .int(Int((Double(a) / Double(b)).rounded(.down)))
            case "%":
                guard b != 0 else { throw .runtime("modulo by zero") }
                return .int(((a % b) + b) % b)
            case "**": return b >= 0 ? .int(Int(pow(Double(a), Double(b)))) : .double(pow(Double(a), Double(b)))
            default: break
            }
        default: break
        }
        guard let a = Self.number(l), let b = Self.number(r) else {
            throw .runtime("Unsupported operand types for \(op): \(l.repr) and \(r.repr)")
        }
        switch op {
        case "+": return .double(a + b)
        case "-": return .double(a - b)
        case "*": return .double(a * b)
        case "/": return .double(a / b)
        case "//": return .double((a / b).rounded(.down))
        case "%": return .double(a - b * (a / b).rounded(.down))
        case "**": return .double(pow(a, b))
        default: throw .runtime("Unknown operator \(op)")
        }
    }

    static func number(_ v: JinjaValue) -> Double? {
        switch v {
        case .int(let i): Double(i)
        case .double(let d): d
        case .bool(let b): b ? 1 : 0
        default: nil
        }
    }

    static func equals(_ l: JinjaValue, _ r: JinjaValue) -> Bool {
        switch (l, r) {
        case (.undefined, .undefined), (.none, .none): return true
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { equals($0, $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { kv in b[kv.key].map { equals(kv.value, $0) } ?? false }
        case (.namespace(let a), .namespace(let b)): return a === b
        default:
            if let a = number(l), let b = number(r) { return a == b }
            return false
        }
    }

    func compare(_ op: String, _ l: JinjaValue, _ r: JinjaValue) throws(JinjaError) -> Bool {
        switch op {
        case "==": return Self.equals(l, r)
        case "!=": return !Self.equals(l, r)
        case "in", "notin":
            let found: Bool
            switch r {
            case .string(let s): found = s.contains(l.text) || l.text.isEmpty
            case .array(let a): found = a.contains { Self.equals($0, l) }
            case .object(let o): found = o[l.text] != nil
            case .namespace(let n): found = n.values[l.text] != nil
            case .undefined, .none: found = false
            default: throw .runtime("Argument of 'in' is not a container")
            }
            return op == "in" ? found : !found
        default:
            let ordering: Int
            if case .string(let a) = l, case .string(let b) = r {
                ordering = a < b ? -1 : a == b ? 0 : 1
            } else if let a = Self.number(l), let b = Self.number(r) {
                ordering = a < b ? -1 : a == b ? 0 : 1
            } else {
                throw .runtime("Cannot compare \(l.repr) and \(r.repr)")
            }
            switch op {
            case "<": return ordering < 0
            case ">": return ordering > 0
            case "<=": return ordering <= 0
            default: return ordering >= 0
            }
        }
    }
}
