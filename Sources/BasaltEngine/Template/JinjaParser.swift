/// Recursive-descent parser of the Jinja subset, following Jinja2's grammar and operator precedence.
struct JinjaParser {
    private let segments: [JinjaLexer.Segment]
    private var index = 0

    static func parse(_ source: String) throws(JinjaError) -> [JinjaNode] {
        var p = JinjaParser(segments: try JinjaLexer.segments(source))
        let (nodes, end) = try p.parseBody(until: [])
        if let end { throw .syntax("Unexpected {% \(end) %}") }
        return nodes
    }

    private init(segments: [JinjaLexer.Segment]) { self.segments = segments }

    /// Parses nodes until a statement whose first word is in `until` (returned, its tokens left in `pendingTag`).
    private var pendingTag = TokenStream([])

    private mutating func parseBody(until: Set<String>) throws(JinjaError) -> ([JinjaNode], String?) {
        var nodes: [JinjaNode] = []
        while index < segments.count {
            let seg = segments[index]
            index += 1
            switch seg {
            case .text(let t): nodes.append(.text(t))
            case .output(let toks):
                var ts = TokenStream(toks)
                let e = try ts.parseExpression()
                try ts.expectEnd()
                nodes.append(.output(e))
            case .statement(let toks):
                var ts = TokenStream(toks)
                guard case .name(let word) = ts.next() else { throw .syntax("Expected a statement") }
                if until.contains(word) {
                    pendingTag = ts
                    return (nodes, word)
                }
                nodes.append(try parseStatement(word, &ts))
            }
        }
        if !until.isEmpty { throw .syntax("Missing {% \(until.sorted().joined(separator: " / ")) %}") }
        return (nodes, nil)
    }

    private mutating func parseStatement(_ word: String, _ ts: inout TokenStream) throws(JinjaError) -> JinjaNode {
        switch word {
        case "if":
            var branches: [(JinjaExpr, [JinjaNode])] = []
            var cond = try ts.parseExpression()
            try ts.expectEnd()
            while true {
                let (body, end) = try parseBody(until: ["elif", "else", "endif"])
                branches.append((cond, body))
                if end == "elif" {
                    cond = try pendingTag.parseExpression()
                    try pendingTag.expectEnd()
                } else if end == "else" {
                    let (other, _) = try parseBody(until: ["endif"])
                    return .ifBlock(branches, otherwise: other)
                } else {
                    return .ifBlock(branches, otherwise: [])
                }
            }
        case "for":
            var targets: [String] = []
            repeat {
                guard case .name(let n) = ts.next() else { throw .syntax("Expected loop variable") }
                targets.append(n)
            } while ts.skip(.op(","))
            guard ts.skip(.name("in")) else { throw .syntax("Expected 'in' in for loop") }
            let iterable = try ts.parseExpression(conditional: false)
            var condition: JinjaExpr? = nil
            if ts.skip(.name("if")) { condition = try ts.parseExpression(conditional: false) }
            _ = ts.skip(.name("recursive"))
            try ts.expectEnd()
            let (body, end) = try parseBody(until: ["else", "endfor"])
            var other: [JinjaNode] = []
            if end == "else" { (other, _) = try parseBody(until: ["endfor"]) }
            return .forBlock(targets: targets, iterable: iterable, condition: condition, body: body, otherwise: other)
        case "set":
            guard case .name(let first) = ts.next() else { throw .syntax("Expected a name after set") }
            if ts.skip(.op(".")) {
                guard case .name(let attr) = ts.next() else { throw .syntax("Expected attribute name") }
                guard ts.skip(.op("=")) else { throw .syntax("Expected '='") }
                let e = try ts.parseExpression()
                try ts.expectEnd()
                return .set(.attribute(first, attr), e)
            }
            var names = [first]
            while ts.skip(.op(",")) {
                guard case .name(let n) = ts.next() else { throw .syntax("Expected a name") }
                names.append(n)
            }
            if ts.atEnd {
                let (body, _) = try parseBody(until: ["endset"])
                return .setBlock(first, body)
            }
            guard ts.skip(.op("=")) else { throw .syntax("Expected '=' in set") }
            let e = try ts.parseExpression()
            try ts.expectEnd()
            return .set(.names(names), e)
        case "macro":
            guard case .name(let name) = ts.next(), ts.skip(.op("(")) else { throw .syntax("Malformed macro") }
            var params: [(String, JinjaExpr?)] = []
            while !ts.skip(.op(")")) {
                guard case .name(let p) = ts.next() else { throw .syntax("Expected macro parameter") }
                params.append((p, ts.skip(.op("=")) ? try ts.parseExpression() : nil))
                _ = ts.skip(.op(","))
            }
            try ts.expectEnd()
            let (body, _) = try parseBody(until: ["endmacro"])
            return .macro(name: name, parameters: params, body: body)
        case "call":
            let e = try ts.parseExpression()
            try ts.expectEnd()
            let (body, _) = try parseBody(until: ["endcall"])
            return .callBlock(e, body: body)
        case "filter":
            guard case .name(let name) = ts.next() else { throw .syntax("Expected filter name") }
            var args: [JinjaExpr] = []
            if ts.skip(.op("(")) { (args, _) = try ts.parseArguments() }
            try ts.expectEnd()
            let (body, _) = try parseBody(until: ["endfilter"])
            return .filterBlock(name: name, args: args, body: body)
        case "generation":
            // Hugging Face's assistant-mask extension: renders its body unchanged.
            let (body, _) = try parseBody(until: ["endgeneration"])
            return .ifBlock([(.literal(.bool(true)), body)], otherwise: [])
        case "break": return .breakLoop
        case "continue": return .continueLoop
        default:
            throw .syntax("Unsupported statement '\(word)'")
        }
    }
}

/// Tokens of one tag, with the expression grammar.
struct TokenStream {
    private let tokens: [JinjaToken]
    private var i = 0
    init(_ tokens: [JinjaToken]) { self.tokens = tokens }

    var atEnd: Bool { i >= tokens.count }
    func peek(_ k: Int = 0) -> JinjaToken? { i + k < tokens.count ? tokens[i + k] : nil }
    mutating func next() -> JinjaToken? {
        defer { i += 1 }
        return peek()
    }
    mutating func skip(_ t: JinjaToken) -> Bool {
        if peek() == t { i += 1; return true }
        return false
    }
    func expectEnd() throws(JinjaError) {
        if let t = peek() { throw .syntax("Unexpected token \(t) in tag") }
    }
    mutating func expect(_ t: JinjaToken) throws(JinjaError) {
        guard skip(t) else { throw .syntax("Expected \(t), found \(peek().map { "\($0)" } ?? "end of tag")") }
    }

    mutating func parseExpression(conditional: Bool = true) throws(JinjaError) -> JinjaExpr {
        var e = try parseOr()
        while conditional, skip(.name("if")) {
            let cond = try parseOr()
            let other: JinjaExpr? = skip(.name("else")) ? try parseExpression() : nil
            e = .conditional(then: e, condition: cond, otherwise: other)
        }
        return e
    }
    private mutating func parseOr() throws(JinjaError) -> JinjaExpr {
        var l = try parseAnd()
        while skip(.name("or")) { l = .or(l, try parseAnd()) }
        return l
    }
    private mutating func parseAnd() throws(JinjaError) -> JinjaExpr {
        var l = try parseNot()
        while skip(.name("and")) { l = .and(l, try parseNot()) }
        return l
    }
    private mutating func parseNot() throws(JinjaError) -> JinjaExpr {
        if skip(.name("not")) { return .unary("not", try parseNot()) }
        return try parseCompare()
    }
    private mutating func parseCompare() throws(JinjaError) -> JinjaExpr {
        let first = try parseMath1()
        var ops: [(String, JinjaExpr)] = []
        while true {
            if case .op(let o) = peek(), ["==", "!=", "<", ">", "<=", ">="].contains(o) {
                i += 1
                ops.append((o, try parseMath1()))
            } else if skip(.name("in")) {
                ops.append(("in", try parseMath1()))
            } else if peek() == .name("not"), peek(1) == .name("in") {
                i += 2
                ops.append(("notin", try parseMath1()))
            } else {
                break
            }
        }
        return ops.isEmpty ? first : .compare(first, ops)
    }
    private mutating func parseMath1() throws(JinjaError) -> JinjaExpr {
        var l = try parseConcat()
        while case .op(let o) = peek(), o == "+" || o == "-" {
            i += 1
            l = .binary(o, l, try parseConcat())
        }
        return l
    }
    private mutating func parseConcat() throws(JinjaError) -> JinjaExpr {
        var l = try parseMath2()
        while skip(.op("~")) { l = .binary("~", l, try parseMath2()) }
        return l
    }
    private mutating func parseMath2() throws(JinjaError) -> JinjaExpr {
        var l = try parsePow()
        while case .op(let o) = peek(), ["*", "/", "//", "%"].contains(o) {
            i += 1
            l = .binary(o, l, try parsePow())
        }
        return l
    }
    private mutating func parsePow() throws(JinjaError) -> JinjaExpr {
        var l = try parseUnary(withFilter: true)
        while skip(.op("**")) { l = .binary("**", l, try parseUnary(withFilter: true)) }
        return l
    }
    private mutating func parseUnary(withFilter: Bool) throws(JinjaError) -> JinjaExpr {
        var node: JinjaExpr
        if skip(.op("-")) {
            node = .unary("-", try parseUnary(withFilter: false))
        } else if skip(.op("+")) {
            node = try parseUnary(withFilter: false)
        } else {
            node = try parsePostfix(try parsePrimary())
        }
        if withFilter { node = try parseFilters(node) }
        return node
    }

    private mutating func parsePrimary() throws(JinjaError) -> JinjaExpr {
        guard let t = next() else { throw .syntax("Unexpected end of expression") }
        switch t {
        case .string(var s):
            while case .string(let more) = peek() { s += more; i += 1 }  // adjacent literals concatenate
            return .literal(.string(s))
        case .int(let v): return .literal(.int(v))
        case .float(let v): return .literal(.double(v))
        case .name(let n):
            switch n {
            case "true", "True": return .literal(.bool(true))
            case "false", "False": return .literal(.bool(false))
            case "none", "None": return .literal(.none)
            default: return .name(n)
            }
        case .op("("):
            if skip(.op(")")) { return .tuple([]) }
            let e = try parseExpression()
            if skip(.op(",")) {
                var items = [e]
                while !skip(.op(")")) {
                    items.append(try parseExpression())
                    if !skip(.op(",")) { try expect(.op(")")); break }
                }
                return .tuple(items)
            }
            try expect(.op(")"))
            return e
        case .op("["):
            var items: [JinjaExpr] = []
            while !skip(.op("]")) {
                items.append(try parseExpression())
                if !skip(.op(",")) { try expect(.op("]")); break }
            }
            return .list(items)
        case .op("{"):
            var pairs: [(JinjaExpr, JinjaExpr)] = []
            while !skip(.op("}")) {
                let k = try parseExpression()
                try expect(.op(":"))
                pairs.append((k, try parseExpression()))
                if !skip(.op(",")) { try expect(.op("}")); break }
            }
            return .dict(pairs)
        default:
            throw .syntax("Unexpected token \(t)")
        }
    }

    private mutating func parsePostfix(_ base: JinjaExpr) throws(JinjaError) -> JinjaExpr {
        var e = base
        while true {
            if skip(.op(".")) {
                switch next() {
                case .name(let n): e = .attribute(e, n)
                case .int(let k): e = .index(e, .literal(.int(k)))
                default: throw .syntax("Expected attribute name after '.'")
                }
            } else if skip(.op("[")) {
                var parts: [JinjaExpr?] = [nil]
                var isSlice = false
                while !skip(.op("]")) {
                    if skip(.op(":")) {
                        isSlice = true
                        parts.append(nil)
                        continue
                    }
                    parts[parts.count - 1] = try parseExpression()
                }
                if isSlice {
                    while parts.count < 3 { parts.append(nil) }
                    e = .slice(e, start: parts[0], stop: parts[1], step: parts[2])
                } else {
                    guard let k = parts[0] else { throw .syntax("Empty subscript") }
                    e = .index(e, k)
                }
            } else if skip(.op("(")) {
                let (args, kwargs) = try parseArguments()
                e = .call(e, args: args, kwargs: kwargs)
            } else {
                return e
            }
        }
    }

    /// Arguments after an opening parenthesis, through the closing one.
    mutating func parseArguments() throws(JinjaError) -> ([JinjaExpr], [(String, JinjaExpr)]) {
        var args: [JinjaExpr] = []
        var kwargs: [(String, JinjaExpr)] = []
        while !skip(.op(")")) {
            if case .name(let n) = peek(), peek(1) == .op("=") {
                i += 2
                kwargs.append((n, try parseExpression()))
            } else {
                args.append(try parseExpression())
            }
            if !skip(.op(",")) { try expect(.op(")")); break }
        }
        return (args, kwargs)
    }

    private mutating func parseFilters(_ base: JinjaExpr) throws(JinjaError) -> JinjaExpr {
        var e = base
        while true {
            if skip(.op("|")) {
                guard case .name(var name) = next() else { throw .syntax("Expected filter name") }
                while skip(.op(".")) { if case .name(let more) = next() { name += "." + more } }
                var args: [JinjaExpr] = []
                var kwargs: [(String, JinjaExpr)] = []
                if skip(.op("(")) { (args, kwargs) = try parseArguments() }
                e = .filter(e, name: name, args: args, kwargs: kwargs)
            } else if skip(.name("is")) {
                let negated = skip(.name("not"))
                guard case .name(let name) = next() else { throw .syntax("Expected test name") }
                var args: [JinjaExpr] = []
                if skip(.op("(")) {
                    (args, _) = try parseArguments()
                } else if let t = peek(), startsTestArgument(t) {
                    args = [try parsePostfix(try parsePrimary())]
                }
                e = .test(e, name: name, args: args, negated: negated)
            } else {
                return e
            }
        }
    }

    private func startsTestArgument(_ t: JinjaToken) -> Bool {
        switch t {
        case .string, .int, .float: return true
        case .name(let n): return !["and", "or", "else", "if", "is", "in", "not"].contains(n)
        case .op(let o): return o == "[" || o == "{"
        }
    }
}
