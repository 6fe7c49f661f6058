import Foundation

/// Splits template source into text and tags (applying `-` whitespace control, `trim_blocks` and
/// `lstrip_blocks` as Hugging Face's chat-template environment does), and tags into tokens.
struct JinjaLexer {
    enum Segment: Equatable {
        case text(String)
        case output([JinjaToken])
        case statement([JinjaToken])
    }

    static func segments(_ source: String) throws(JinjaError) -> [Segment] {
        let s = Array(source.unicodeScalars)
        var out: [Segment] = []
        var pos = 0
        var stripLeading = false
        // Whether the text before the next tag starts a line (source start, or the previous tag ate a newline).
        var lineStarting = true
        var text = String.UnicodeScalarView()
        func flushText() {
            if !text.isEmpty { out.append(.text(String(text))) }
            text = String.UnicodeScalarView()
        }
        while pos < s.count {
            // Find the next tag opener.
            var start = pos
            var kind: UnicodeScalar = " "
            while start + 1 < s.count {
                if s[start] == "{", s[start + 1] == "{" || s[start + 1] == "%" || s[start + 1] == "#" {
                    kind = s[start + 1]
                    break
                }
                start += 1
            }
            if kind == " " { start = s.count }
            var chunk = Array(s[pos..<start])
            if stripLeading {
                while let f = chunk.first, f.properties.isWhitespace { chunk.removeFirst() }
                stripLeading = false
            }
            if start == s.count {
                text.append(contentsOf: chunk)
                break
            }
            let modifier = start + 2 < s.count ? s[start + 2] : " "
            if modifier == "-" {
                while let l = chunk.last, l.properties.isWhitespace { chunk.removeLast() }
            } else if kind != "{", modifier != "+" {
                // lstrip_blocks: drop spaces and tabs between the line start and a block or comment tag.
                var k = chunk.count
                while k > 0, chunk[k - 1] == " " || chunk[k - 1] == "\t" { k -= 1 }
                let atLineStart = k == 0 ? lineStarting : chunk[k - 1] == "\n"
                if atLineStart { chunk.removeLast(chunk.count - k) }
            }
            text.append(contentsOf: chunk)
            let bodyStart = start + 2 + (modifier == "-" || modifier == "+" ? 1 : 0)
            let close: UnicodeScalar = kind == "{" ? "}" : kind
            // Find the closer, skipping string literals inside tags.
            var i = bodyStart
            var quote: UnicodeScalar? = nil
            var found = -1
            var nesting = 0  // brackets opened inside the tag: `}}` closes it only when balanced
            while i + 1 < s.count {
                let c = s[i]
                if let q = quote {
                    if c == "\\" { i += 2; continue }
                    if c == q { quote = nil }
                } else if kind != "#", c == "'" || c == "\"" {
                    quote = c
                } else if kind != "#", c == "(" || c == "[" || c == "{" {
                    nesting += 1
                } else if kind != "#", nesting > 0, c == ")" || c == "]" || c == "}" {
                    nesting -= 1
                } else if c == close, s[i + 1] == "}" {
                    found = i
                    break
                }
                i += 1
            }
            guard found >= 0 else { throw .syntax("Unclosed tag at offset \(start)") }
            var bodyEnd = found
            var trimRight = false
            if bodyEnd > bodyStart, s[bodyEnd - 1] == "-" {
                bodyEnd -= 1
                trimRight = true
            } else if bodyEnd > bodyStart, s[bodyEnd - 1] == "+" {
                bodyEnd -= 1
            }
            pos = found + 2
            stripLeading = trimRight
            lineStarting = false
            if kind != "{", !trimRight, s[bodyEnd] != "+" {
                // trim_blocks: the first newline after a block or comment tag is removed.
                if pos < s.count, s[pos] == "\n" {
                    pos += 1
                    lineStarting = true
                } else if pos + 1 < s.count, s[pos] == "\r", s[pos + 1] == "\n" {
                    pos += 2
                    lineStarting = true
                }
            }
            if kind == "#" { continue }
            var body = String.UnicodeScalarView()
            body.append(contentsOf: s[bodyStart..<bodyEnd])
            let tokens = try tokenize(String(body))
            if kind == "%", tokens.first == .name("raw") {
                // {% raw %}…{% endraw %}: copy verbatim.
                let rest = String(String.UnicodeScalarView(s[pos...]))
                guard let r = rest.range(of: #"\{%-?\s*endraw\s*-?%\}"#, options: .regularExpression) else {
                    throw .syntax("Unclosed raw block")
                }
                text.append(contentsOf: rest[..<r.lowerBound].unicodeScalars)
                pos += rest[..<r.upperBound].unicodeScalars.count
                continue
            }
            flushText()
            out.append(kind == "{" ? .output(tokens) : .statement(tokens))
        }
        flushText()
        return out
    }

    static func tokenize(_ src: String) throws(JinjaError) -> [JinjaToken] {
        let s = Array(src.unicodeScalars)
        var i = 0
        var out: [JinjaToken] = []
        func isIdentStart(_ c: UnicodeScalar) -> Bool { c == "_" || c.properties.isAlphabetic }
        func isDigit(_ c: UnicodeScalar) -> Bool { ("0"..."9").contains(c) }
        while i < s.count {
            let c = s[i]
            if c.properties.isWhitespace { i += 1; continue }
            if isIdentStart(c) {
                var j = i
                while j < s.count, isIdentStart(s[j]) || isDigit(s[j]) { j += 1 }
                out.append(.name(String(String.UnicodeScalarView(s[i..<j]))))
                i = j
                continue
            }
            if isDigit(c) {
                var j = i
                while j < s.count, isDigit(s[j]) || s[j] == "_" { j += 1 }
                var isFloat = false
                if j + 1 < s.count, s[j] == ".", isDigit(s[j + 1]) {
                    isFloat = true
                    j += 1
                    while j < s.count, isDigit(s[j]) { j += 1 }
                }
                if j < s.count, s[j] == "e" || s[j] == "E" {
                    var k = j + 1
                    if k < s.count, s[k] == "+" || s[k] == "-" { k += 1 }
                    if k < s.count, isDigit(s[k]) {
                        isFloat = true
                        j = k
                        while j < s.count, isDigit(s[j]) { j += 1 }
                    }
                }
                let lit = String(String.UnicodeScalarView(s[i..<j])).replacingOccurrences(of: "_", with: "")
                out.append(isFloat ? .float(Double(lit) ?? 0) : .int(Int(lit) ?? 0))
                i = j
                continue
            }
            if c == "'" || c == "\"" {
                var j = i + 1
                var v = String.UnicodeScalarView()
                while j < s.count, s[j] != c {
                    if s[j] == "\\", j + 1 < s.count {
                        j += 1
                        switch s[j] {
                        case "n": v.append("\n")
                        case "t": v.append("\t")
                        case "r": v.append("\r")
                        case "\\": v.append("\\")
                        case "'": v.append("'")
                        case "\"": v.append("\"")
                        case "u" where j + 4 < s.count:
                            let hex = String(String.UnicodeScalarView(s[(j + 1)...(j + 4)]))
                            if let code = UInt32(hex, radix: 16), let u = Unicode.Scalar(code) {
                                v.append(u)
                                j += 4
                            } else {
                                v.append("\\")
                                v.append("u")
                            }
                        default:
                            v.append("\\")
                            v.append(s[j])
                        }
                    } else {
                        v.append(s[j])
                    }
                    j += 1
                }
                guard j < s.count else { throw .syntax("Unterminated string literal") }
                out.append(.string(String(v)))
                i = j + 1
                continue
            }
            let two = i + 1 < s.count ? String(String.UnicodeScalarView([c, s[i + 1]])) : ""
            if ["//", "**", "==", "!=", "<=", ">="].contains(two) {
                out.append(.op(two))
                i += 2
                continue
            }
            if "+-*/%~|.,:()[]{}=<>!".unicodeScalars.contains(c) {
                out.append(.op(String(c)))
                i += 1
                continue
            }
            throw .syntax("Unexpected character '\(c)' in tag")
        }
        return out
    }
}

/// A token inside a `{{ }}` or `{% %}` tag.
enum JinjaToken: Equatable, Sendable {
    case name(String)
    case string(String)
    case int(Int)
    case float(Double)
    case op(String)
}
