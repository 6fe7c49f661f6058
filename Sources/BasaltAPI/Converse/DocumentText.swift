import BasaltWire
import Foundation

/// Turns document bytes into text a text-only model can read.
enum DocumentText {
    /// The document's text, or nil when the format can't be read here.
    static func extract(_ bytes: [UInt8], format: String) -> String? {
        switch format {
        case "txt", "md", "csv":
            return String(decoding: bytes, as: UTF8.self)
        case "html":
            return stripTags(String(decoding: bytes, as: UTF8.self))
        case "pdf":
            return PDFText.extract(bytes)
        default:
            return nil
        }
    }

    /// Removes markup, scripts and styles, and decodes the common entities.
    static func stripTags(_ html: String) -> String {
        var s = html
        for tag in ["script", "style"] {
            s = s.replacingOccurrences(
                of: "<\(tag)[^>]*>.*?</\(tag)>", with: " ", options: [.regularExpression, .caseInsensitive])
        }
        s = s.replacingOccurrences(of: "<(br|/p|/div|/li|/h[1-6]|/tr)[^>]*>", with: "\n", options: [.regularExpression, .caseInsensitive])
        s = s.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        for (entity, char) in [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            s = s.replacingOccurrences(of: entity, with: char)
        }
        s = s.replacingOccurrences(of: "[ \\t]+", with: " ", options: .regularExpression)
        s = s.replacingOccurrences(of: "\\n\\s*\\n+", with: "\n\n", options: .regularExpression)
        return s.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Text from PDFs whose content streams are uncompressed: the strings shown by `Tj`/`TJ` operators.
/// Compressed (FlateDecode) streams are not readable here and yield nil.
enum PDFText {
    static func extract(_ bytes: [UInt8]) -> String? {
        guard bytes.starts(with: Array("%PDF".utf8)) else { return nil }
        let s = String(bytes.map { Character(Unicode.Scalar($0)) })
        var out = ""
        var searchFrom = s.startIndex
        while let start = s.range(of: "stream", range: searchFrom..<s.endIndex),
            let end = s.range(of: "endstream", range: start.upperBound..<s.endIndex)
        {
            let header = s[s.index(start.lowerBound, offsetBy: -min(200, s.distance(from: s.startIndex, to: start.lowerBound)))..<start.lowerBound]
            searchFrom = end.upperBound
            if header.contains("/Filter") { continue }
            out += showText(String(s[start.upperBound..<end.lowerBound]))
        }
        let text = out.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// Collects the `(...)` string operands of each line of a content stream (one output line per text line).
    static func showText(_ stream: String) -> String {
        var lines: [String] = []
        for line in stream.split(whereSeparator: \.isNewline) {
            var current = ""
            var depth = 0
            var escape = false
            for ch in line {
                if depth == 0 {
                    if ch == "(" { depth = 1 }
                } else if escape {
                    current.append(ch == "n" ? "\n" : ch)
                    escape = false
                } else if ch == "\\" {
                    escape = true
                } else {
                    if ch == "(" { depth += 1 }
                    if ch == ")" { depth -= 1 }
                    if depth > 0 { current.append(ch) }
                }
            }
            if !current.isEmpty { lines.append(current) }
        }
        return lines.joined(separator: "\n")
    }
}
