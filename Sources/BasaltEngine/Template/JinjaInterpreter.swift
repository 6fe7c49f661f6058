import Foundation

/// Renders parsed templates. One instance per render; never shared between threads.
final class JinjaInterpreter {
    private var scopes: [[String: JinjaValue]]
    private var depth = 0

    private enum Flow {
        case normal, breakLoop, continueLoop
    }

    init(globals: [String: JinjaValue]) {
        scopes = [Self.builtins.merging(globals) { _, new in new }]
    }

    func render(_ nodes: [JinjaNode]) throws(JinjaError) -> String {
        var out = ""
        _ = try run(nodes, &out)
        return out
    }

    // MARK: - Scopes

    func lookup(_ name: String) -> JinjaValue {
        for scope in scopes.reversed() { if let v = scope[name] { return v } }
        return .undefined
    }

    private func assign(_ name: String, _ value: JinjaValue) {
        scopes[scopes.count - 1][name] = value
    }

    // MARK: - Statements

    private func run(_ nodes: [JinjaNode], _ out: inout String) throws(JinjaError) -> Flow {
        for node in nodes {
            switch node {
            case .text(let t): out += t
            case .output(let e): out += try eval(e).text
            case .ifBlock(let branches, let otherwise):
                var taken = false
                for (cond, body) in branches where try eval(cond).isTruthy {
                    taken = true
                    let f = try run(body, &out)
                    if f != .normal { return f }
                    break
                }
                if !taken {
                    let f = try run(otherwise, &out)
                    if f != .normal { return f }
                }
            case .forBlock(let targets, let iterable, let condition, let body, let otherwise):
                try runFor(targets, iterable, condition, body, otherwise, &out)
            case .set(.names(let names), let e):
                let v = try eval(e)
                if names.count == 1 {
                    assign(names[0], v)
                } else {
                    let items = try iterate(v)
                    guard items.count == names.count else { throw .runtime("Cannot unpack \(items.count) values") }
                    for (n, item) in zip(names, items) { assign(n, item) }
                }
            case .set(.attribute(let base, let attr), let e):
                guard case .namespace(let ns) = lookup(base) else {
                    throw .runtime("Cannot assign attribute '\(attr)' on '\(base)': not a namespace")
                }
                ns.values[attr] = try eval(e)
            case .setBlock(let name, let body):
                var captured = ""
                _ = try run(body, &captured)
                assign(name, .string(captured))
            case .macro(let name, let parameters, let body):
                assign(name, .function(makeMacro(parameters, body)))
            case .callBlock(let e, let body):
                scopes.append(["caller": .function(JinjaFunction { [unowned self] _, _ in
                    var captured = ""
                    _ = try self.run(body, &captured)
                    return .string(captured)
                })])
                defer { scopes.removeLast() }
                out += try eval(e).text
            case .filterBlock(let name, let args, let body):
                var captured = ""
                _ = try run(body, &captured)
                out += try applyFilter(name, .string(captured), try args.map { a throws(JinjaError) in try eval(a) }, []).text
            case .breakLoop: return .breakLoop
            case .continueLoop: return .continueLoop
            }
        }
        return .normal
    }

    private func runFor(
        _ targets: [String], _ iterable: JinjaExpr, _ condition: JinjaExpr?, _ body: [JinjaNode],
        _ otherwise: [JinjaNode], _ out: inout String
    ) throws(JinjaError) {
        let source = try eval(iterable)
        var items: [JinjaValue]
        if case .object(let o) = source {
            items = o.map { .string($0.key) }
        } else {
            items = try iterate(source)
        }
        scopes.append([:])
        defer { scopes.removeLast() }
        if let condition {
            var kept: [JinjaValue] = []
            for item in items {
                try bind(targets, item)
                if try eval(condition).isTruthy { kept.append(item) }
            }
            items = kept
        }
        if items.isEmpty {
            _ = try run(otherwise, &out)
            return
        }
        for (k, item) in items.enumerated() {
            try bind(targets, item)
            var loop = JinjaObject()
            loop["index"] = .int(k + 1)
            loop["index0"] = .int(k)
            loop["revindex"] = .int(items.count - k)
            loop["revindex0"] = .int(items.count - k - 1)
            loop["first"] = .bool(k == 0)
            loop["last"] = .bool(k == items.count - 1)
            loop["length"] = .int(items.count)
            loop["depth"] = .int(1)
            loop["depth0"] = .int(0)
            loop["previtem"] = k > 0 ? items[k - 1] : .undefined
            loop["nextitem"] = k + 1 < items.count ? items[k + 1] : .undefined
            loop["cycle"] = .function(JinjaFunction { args, _ in args.isEmpty ? .undefined : args[k % args.count] })
            assign("loop", .object(loop))
            let f = try run(body, &out)
            if f == .breakLoop { break }
        }
    }

    private func bind(_ targets: [String], _ item: JinjaValue) throws(JinjaError) {
        if targets.count == 1 {
            assign(targets[0], item)
            return
        }
        let parts = try iterate(item)
        guard parts.count == targets.count else { throw .runtime("Cannot unpack \(parts.count) values into \(targets.count)") }
        for (t, p) in zip(targets, parts) { assign(t, p) }
    }

    private func makeMacro(_ parameters: [(String, JinjaExpr?)], _ body: [JinjaNode]) -> JinjaFunction {
        JinjaFunction { [unowned self] args, kwargs in
            var scope: [String: JinjaValue] = [:]
            for (k, (name, def)) in parameters.enumerated() {
                if k < args.count {
                    scope[name] = args[k]
                } else if let kw = kwargs.first(where: { $0.0 == name }) {
                    scope[name] = kw.1
                } else if let def {
                    scope[name] = try self.eval(def)
                } else {
                    scope[name] = .undefined
                }
            }
            scope["varargs"] = .array(Array(args.dropFirst(parameters.count)))
            self.scopes.append(scope)
            defer { self.scopes.removeLast() }
            self.depth += 1
            defer { self.depth -= 1 }
            guard self.depth < 64 else { throw JinjaError.runtime("Macro recursion too deep") }
            var captured = ""
            _ = try self.run(body, &captured)
            return .string(captured)
        }
    }

    /// Items of an iterable value (strings iterate characters, mappings their keys).
    func iterate(_ v: JinjaValue) throws(JinjaError) -> [JinjaValue] {
        switch v {
        case .array(let a): return a
        case .object(let o): return o.map { .string($0.key) }
        case .string(let s): return s.map { .string(String($0)) }
        case .undefined, .none: return []
        default: throw .runtime("Value is not iterable: \(v.repr)")
        }
    }

    // MARK: - Expressions

    func eval(_ e: JinjaExpr) throws(JinjaError) -> JinjaValue {
        switch e {
        case .literal(let l):
            switch l {
            case .none: return .none
            case .bool(let b): return .bool(b)
            case .int(let i): return .int(i)
            case .double(let d): return .double(d)
            case .string(let s): return .string(s)
            }
        case .name(let n): return lookup(n)
        case .list(let items), .tuple(let items):
            return .array(try items.map { x throws(JinjaError) in try eval(x) })
        case .dict(let pairs):
            var o = JinjaObject()
            for (k, v) in pairs { o[try eval(k).text] = try eval(v) }
            return .object(o)
        case .attribute(let base, let name): return try attribute(try eval(base), name)
        case .index(let base, let key): return try subscriptValue(try eval(base), try eval(key))
        case .slice(let base, let start, let stop, let step):
            func opt(_ x: JinjaExpr?) throws(JinjaError) -> Int? {
                guard let x else { return nil }
                if case .int(let i) = try eval(x) { return i }
                return nil
            }
            return try slice(try eval(base), try opt(start), try opt(stop), try opt(step))
        case .call(let callee, let args, let kwargs):
            let f = try eval(callee)
            guard case .function(let fn) = f else { throw .runtime("Value is not callable") }
            let a = try args.map { x throws(JinjaError) in try eval(x) }
            let k = try kwargs.map { x throws(JinjaError) in (x.0, try eval(x.1)) }
            do {
                return try fn.call(a, k)
            } catch let error as JinjaError {
                throw error
            } catch {
                throw .runtime("\(error)")
            }
        case .filter(let base, let name, let args, let kwargs):
            if name == "default" || name == "d" {
                let v = try eval(base)
                let a = try args.map { x throws(JinjaError) in try eval(x) }
                let boolean = a.count > 1 ? a[1].isTruthy : false
                if !v.isDefined || (boolean && !v.isTruthy) { return a.first ?? .string("") }
                return v
            }
            let a = try args.map { x throws(JinjaError) in try eval(x) }
            let k = try kwargs.map { x throws(JinjaError) in (x.0, try eval(x.1)) }
            return try applyFilter(name, try eval(base), a, k)
        case .test(let base, let name, let args, let negated):
            let a = try args.map { x throws(JinjaError) in try eval(x) }
            let r = try applyTest(name, try eval(base), a)
            return .bool(negated ? !r : r)
        case .unary(let op, let x):
            let v = try eval(x)
            switch op {
            case "not": return .bool(!v.isTruthy)
            default:
                switch v {
                case .int(let i): return .int(-i)
                case .double(let d): return .double(-d)
                default: throw .runtime("Cannot negate \(v.repr)")
                }
            }
        case .and(let l, let r):
            let lv = try eval(l)
            return lv.isTruthy ? try eval(r) : lv
        case .or(let l, let r):
            let lv = try eval(l)
            return lv.isTruthy ? lv : try eval(r)
        case .binary(let op, let l, let r): return try binary(op, try eval(l), try eval(r))
        case .compare(let first, let ops):
            var left = try eval(first)
            for (op, rhs) in ops {
                let right = try eval(rhs)
                if !(try compare(op, left, right)) { return .bool(false) }
                left = right
            }
            return .bool(true)
        case .conditional(let then, let condition, let otherwise):
            if try eval(condition).isTruthy { return try eval(then) }
            return try otherwise.map { x throws(JinjaError) in try eval(x) } ?? .undefined
        }
    }
}
