import Foundation

/// Filters, tests, and the string and dict methods chat templates call.
extension JinjaInterpreter {
    func applyFilter(
        _ name: String, _ v: JinjaValue, _ args: [JinjaValue], _ kwargs: [(String, JinjaValue)]
    ) throws(JinjaError) -> JinjaValue {
        func kw(_ key: String, _ position: Int) -> JinjaValue? {
            kwargs.first { $0.0 == key }?.1 ?? (position < args.count ? args[position] : nil)
        }
        switch name {
        case "trim", "strip": return .string(v.text.trimmingCharacters(in: .whitespacesAndNewlines))
        case "upper": return .string(v.text.uppercased())
        case "lower": return .string(v.text.lowercased())
        case "capitalize": return .string(v.text.prefix(1).uppercased() + v.text.dropFirst().lowercased())
        case "title": return .string(v.text.capitalized)
        case "string": return .string(v.text)
        case "safe", "e", "escape", "forceescape":
            if name == "safe" { return v }
            return .string(v.text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&#34;")
                .replacingOccurrences(of: "'", with: "&#39;"))
        case "length", "count":
            switch v {
            case .string(let s): return .int(s.count)
            case .array(let a): return .int(a.count)
            case .object(let o): return .int(o.count)
            case .namespace(let n): return .int(n.values.count)
            default: return .int(0)
            }
        case "tojson":
            var indent: Int? = nil
            if case .int(let i)? = kw("indent", 0) { indent = i }
            return .string(v.json(indent: indent, sortKeys: kw("sort_keys", 99)?.isTruthy ?? false))
        case "items":
            switch v {
            case .object(let o): return .array(o.map { .array([.string($0.key), $0.value]) })
            case .namespace(let n): return .array(n.values.map { .array([.string($0.key), $0.value]) })
            default: return .array([])
            }
        case "dictsort":
            guard case .object(let o) = v else { return .array([]) }
            return .array(o.sorted { $0.key < $1.key }.map { .array([.string($0.key), $0.value]) })
        case "list": return .array(try iterate(v))
        case "first": return try iterate(v).first ?? .undefined
        case "last": return try iterate(v).last ?? .undefined
        case "reverse":
            if case .string(let s) = v { return .string(String(s.reversed())) }
            return .array(try iterate(v).reversed())
        case "join":
            let sep = kw("d", 0)?.text ?? ""
            var items = try iterate(v)
            if let attr = kw("attribute", 1) { items = try items.map { x throws(JinjaError) in try path(x, attr.text) } }
            return .string(items.map(\.text).joined(separator: sep))
        case "unique":
            var seen: [JinjaValue] = []
            for x in try iterate(v) where !seen.contains(where: { Self.equals($0, x) }) { seen.append(x) }
            return .array(seen)
        case "sort":
            let attr = kw("attribute", 2)?.text
            let reverse = kw("reverse", 0)?.isTruthy ?? false
            var items = try iterate(v)
            var failure: JinjaError? = nil
            items.sort { a, b in
                do {
                    let x = try attr.map { k throws(JinjaError) in try path(a, k) } ?? a
                    let y = try attr.map { k throws(JinjaError) in try path(b, k) } ?? b
                    return try compare(reverse ? ">" : "<", x, y)
                } catch {
                    failure = error as? JinjaError
                    return false
                }
            }
            if let failure { throw failure }
            return .array(items)
        case "indent":
            let width = kw("width", 0)
            let pad = width.map { if case .int(let n) = $0 { String(repeating: " ", count: n) } else { $0.text } } ?? "    "
            let first = kw("first", 1)?.isTruthy ?? false
            let blank = kw("blank", 2)?.isTruthy ?? false
            let lines = v.text.components(separatedBy: "\n")
            var out: [String] = []
            for (i, line) in lines.enumerated() {
                if i == 0 && !first { out.append(line); continue }
                out.append(line.isEmpty && !blank ? line : pad + line)
            }
            return .string(out.joined(separator: "\n"))
        case "replace":
            guard args.count >= 2 else { throw .runtime("replace needs two arguments") }
            return .string(v.text.replacingOccurrences(of: args[0].text, with: args[1].text))
        case "int":
            switch v {
            case .int: return v
            case .double(let d): return .int(Int(d))
            case .bool(let b): return .int(b ? 1 : 0)
            default: return .int(Int(v.text.trimmingCharacters(in: .whitespaces)) ?? 0)
            }
        case "float": return .double(Self.number(v) ?? Double(v.text) ?? 0)
        case "abs":
            if case .int(let i) = v { return .int(abs(i)) }
            return .double(abs(Self.number(v) ?? 0))
        case "round":
            let precision: Int
            if case .int(let p)? = kw("precision", 0) { precision = p } else { precision = 0 }
            let scale = pow(10.0, Double(precision))
            return .double(((Self.number(v) ?? 0) * scale).rounded() / scale)
        case "sum":
            var total: JinjaValue = .int(0)
            for x in try iterate(v) { total = try binary("+", total, x) }
            return total
        case "min", "max":
            let items = try iterate(v)
            guard var best = items.first else { return .undefined }
            for x in items.dropFirst() where try compare(name == "min" ? "<" : ">", x, best) { best = x }
            return best
        case "format":
            var out = v.text
            for a in args {
                guard let r = out.range(of: "%s") ?? out.range(of: "%d") else { break }
                out.replaceSubrange(r, with: a.text)
            }
            return .string(out)
        case "wordcount": return .int(v.text.split(whereSeparator: \.isWhitespace).count)
        case "map":
            let items = try iterate(v)
            if let attr = kwargs.first(where: { $0.0 == "attribute" })?.1.text {
                let def = kwargs.first { $0.0 == "default" }?.1
                return .array(try items.map { x throws(JinjaError) in
                    let r = try path(x, attr)
                    return r.isDefined ? r : (def ?? .undefined)
                })
            }
            guard let filter = args.first?.text else { return .array(items) }
            let rest = Array(args.dropFirst())
            return .array(try items.map { x throws(JinjaError) in try applyFilter(filter, x, rest, []) })
        case "selectattr", "rejectattr":
            guard let attr = args.first?.text else { throw .runtime("\(name) needs an attribute") }
            let keep = name == "selectattr"
            var out: [JinjaValue] = []
            for x in try iterate(v) {
                let a = try path(x, attr)
                let r = args.count > 1 ? try applyTest(args[1].text, a, Array(args.dropFirst(2))) : a.isTruthy
                if r == keep { out.append(x) }
            }
            return .array(out)
        case "select", "reject":
            let keep = name == "select"
            var out: [JinjaValue] = []
            for x in try iterate(v) {
                let r = args.isEmpty ? x.isTruthy : try applyTest(args[0].text, x, Array(args.dropFirst()))
                if r == keep { out.append(x) }
            }
            return .array(out)
        case "batch":
            guard case .int(let n)? = args.first, n > 0 else { return v }
            let items = try iterate(v)
            return .array(stride(from: 0, to: items.count, by: n).map { .array(Array(items[$0..<min($0 + n, items.count)])) })
        default:
            throw .runtime("Unknown filter '\(name)'")
        }
    }

    /// Dotted attribute path (`a.b`, `a.0`), as `map(attribute=…)` and `selectattr` take it.
    private func path(_ v: JinjaValue, _ dotted: String) throws(JinjaError) -> JinjaValue {
        var cur = v
        for part in dotted.split(separator: ".") {
            if let i = Int(part) { cur = try subscriptValue(cur, .int(i)) } else { cur = try attribute(cur, String(part)) }
        }
        return cur
    }

    func applyTest(_ name: String, _ v: JinjaValue, _ args: [JinjaValue]) throws(JinjaError) -> Bool {
        switch name {
        case "defined": return v.isDefined
        case "undefined": return !v.isDefined
        case "none": if case .none = v { return true } else { return false }
        case "string": if case .string = v { return true } else { return false }
        case "mapping": if case .object = v { return true } else { return false }
        case "number": if case .int = v { return true }; if case .double = v { return true }; return false
        case "integer": if case .int = v { return true } else { return false }
        case "float": if case .double = v { return true } else { return false }
        case "boolean": if case .bool = v { return true } else { return false }
        case "true": if case .bool(true) = v { return true } else { return false }
        case "false": if case .bool(false) = v { return true } else { return false }
        case "callable": if case .function = v { return true } else { return false }
        case "iterable":
            switch v {
            case .array, .object, .string: return true
            default: return false
            }
        case "sequence":
            switch v {
            case .array, .object, .string: return true
            default: return false
            }
        case "odd": if case .int(let i) = v { return i % 2 != 0 } else { return false }
        case "even": if case .int(let i) = v { return i % 2 == 0 } else { return false }
        case "divisibleby":
            guard case .int(let i) = v, case .int(let d)? = args.first, d != 0 else { return false }
            return i % d == 0
        case "lower": return v.text == v.text.lowercased()
        case "upper": return v.text == v.text.uppercased()
        case "equalto", "eq", "==", "sameas": return Self.equals(v, args.first ?? .undefined)
        case "ne", "!=": return !Self.equals(v, args.first ?? .undefined)
        case "lt", "lessthan", "<": return try compare("<", v, args.first ?? .undefined)
        case "gt", "greaterthan", ">": return try compare(">", v, args.first ?? .undefined)
        case "le", "<=": return try compare("<=", v, args.first ?? .undefined)
        case "ge", ">=": return try compare(">=", v, args.first ?? .undefined)
        case "in": return try compare("in", v, args.first ?? .undefined)
        default: throw .runtime("Unknown test '\(name)'")
        }
    }

    func dictMethod(_ o: JinjaObject, _ name: String) -> JinjaValue? {
        switch name {
        case "items": return .function(JinjaFunction { _, _ in .array(o.map { .array([.string($0.key), $0.value]) }) })
        case "keys": return .function(JinjaFunction { _, _ in .array(o.map { .string($0.key) }) })
        case "values": return .function(JinjaFunction { _, _ in .array(o.map(\.value)) })
        case "get": return .function(JinjaFunction { args, _ in
            guard let k = args.first else { return .none }
            return o[k.text] ?? (args.count > 1 ? args[1] : .none)
        })
        default: return nil
        }
    }

    func stringMethod(_ s: String, _ name: String) -> JinjaValue? {
        func chars(_ args: [JinjaValue]) -> CharacterSet {
            if case .string(let c)? = args.first { return CharacterSet(charactersIn: c) }
            return .whitespacesAndNewlines
        }
        let f: (([JinjaValue]) throws -> JinjaValue)?
        switch name {
        case "startswith": f = { args in .bool(Self.prefixes(args).contains { s.hasPrefix($0) }) }
        case "endswith": f = { args in .bool(Self.prefixes(args).contains { s.hasSuffix($0) }) }
        case "strip": f = { args in .string(s.trimmingCharacters(in: chars(args))) }
        case "lstrip": f = { args in
            let set = chars(args)
            return .string(String(String.UnicodeScalarView(s.unicodeScalars.drop { set.contains($0) })))
        }
        case "rstrip": f = { args in
            let set = chars(args)
            var u = Array(s.unicodeScalars)
            while let l = u.last, set.contains(l) { u.removeLast() }
            return .string(String(String.UnicodeScalarView(u)))
        }
        case "upper": f = { _ in .string(s.uppercased()) }
        case "lower": f = { _ in .string(s.lowercased()) }
        case "title": f = { _ in .string(s.capitalized) }
        case "capitalize": f = { _ in .string(s.prefix(1).uppercased() + s.dropFirst().lowercased()) }
        case "replace": f = { args in
            guard args.count >= 2 else { throw JinjaError.runtime("replace needs two arguments") }
            return .string(s.replacingOccurrences(of: args[0].text, with: args[1].text))
        }
        case "split": f = { args in
            if case .string(let sep)? = args.first {
                return .array(s.components(separatedBy: sep).map { .string($0) })
            }
            return .array(s.split(whereSeparator: \.isWhitespace).map { .string(String($0)) })
        }
        case "find": f = { args in
            guard let r = s.range(of: args.first?.text ?? "") else { return .int(-1) }
            return .int(s.distance(from: s.startIndex, to: r.lowerBound))
        }
        case "count": f = { args in .int(s.components(separatedBy: args.first?.text ?? "").count - 1) }
        case "join": f = { args in
            guard case .array(let a)? = args.first else { return .string("") }
            return .string(a.map(\.text).joined(separator: s))
        }
        case "format": f = { args in
            var out = s
            for a in args {
                guard let r = out.range(of: "%s") ?? out.range(of: "%d") else { break }
                out.replaceSubrange(r, with: a.text)
            }
            return .string(out)
        }
        default: f = nil
        }
        return f.map { fn in .function(JinjaFunction { args, _ in try fn(args) }) }
    }

    private static func prefixes(_ args: [JinjaValue]) -> [String] {
        switch args.first {
        case .string(let p)?: [p]
        case .array(let a)?: a.map(\.text)
        default: []
        }
    }
}
