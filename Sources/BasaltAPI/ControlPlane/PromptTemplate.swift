/// `{{variable}}` placeholders of prompt-management templates (spec §11.3): names match
/// `([0-9a-zA-Z][_-]?){1,100}`; text that does not form a valid placeholder is left as written.
public enum PromptTemplate {
    /// Names of the placeholders in `text`, in first-appearance order, without repeats.
    public static func variables(in text: String) -> [String] {
        var names: [String] = []
        scan(text) { name in
            if !names.contains(name) { names.append(name) }
            return nil
        }
        return names
    }

    /// `text` with every placeholder whose name is in `values` replaced by its value (values are not rescanned).
    public static func render(_ text: String, values: [String: String]) -> String {
        scan(text) { values[$0] }
    }

    /// Whether `name` is a valid variable name.
    public static func isValidName(_ name: some StringProtocol) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 200 else { return false }
        var previousSeparator = true
        for c in name.unicodeScalars {
            let alnum = ("0"..."9").contains(c) || ("a"..."z").contains(c) || ("A"..."Z").contains(c)
            if alnum {
                previousSeparator = false
            } else if c == "_" || c == "-", !previousSeparator {
                previousSeparator = true
            } else {
                return false
            }
        }
        return true
    }

    /// Walks the placeholders; `replacement` returns the substitute or nil to keep the placeholder. Returns the text.
    @discardableResult
    static func scan(_ text: String, _ replacement: (String) -> String?) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            guard let close = after.range(of: "}}") else {
                out += rest[open.lowerBound...]
                return out
            }
            let name = after[..<close.lowerBound]
            if isValidName(name) {
                out += replacement(String(name)) ?? String(rest[open.lowerBound..<close.upperBound])
                rest = after[close.upperBound...]
            } else {
                out += "{{"
                rest = after
            }
        }
        out += rest
        return out
    }
}
