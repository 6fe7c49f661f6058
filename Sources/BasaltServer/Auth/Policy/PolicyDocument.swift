import BasaltCore
import Foundation

/// An IAM identity-based policy document (JSON), as attached to a credential with `basalt_policy = FILE`:
///
/// ```json
/// {"Version": "2012-10-17",
///  "Statement": [{"Effect": "Allow", "Action": "bedrock:InvokeModel*",
///                 "Resource": "arn:aws:bedrock:*::foundation-model/anthropic.*"}]}
/// ```
///
/// `Statement` may be one object or an array; `Action`/`NotAction` and `Resource`/`NotResource` a string or an
/// array of strings, with `*` and `?` wildcards. `Sid` and `Id` are accepted and ignored. Elements Basalt cannot
/// evaluate are refused when loading rather than silently ignored: `Condition`, `Principal` (not allowed in an
/// identity policy) and policy variables (`${aws:username}`).
public struct PolicyDocument: Sendable, Hashable {
    /// The document's `Version`, if given (`2012-10-17` or `2008-10-17`).
    public var version: String?
    /// The statements, in document order.
    public var statements: [PolicyStatement]

    /// A document from its statements.
    public init(version: String? = "2012-10-17", statements: [PolicyStatement]) {
        self.version = version
        self.statements = statements
    }

    /// Evaluates the document for `action` on `resource` (IAM order: explicit deny, then allow, else implicit deny).
    public func evaluate(action: String, resource: String) -> PolicyDecision {
        var allowed = false
        for statement in statements where statement.applies(action: action, resource: resource) {
            if statement.effect == .deny { return .explicitDeny }
            allowed = true
        }
        return allowed ? .allowed : .implicitDeny
    }

    /// Reads and parses a policy file.
    public static func load(path: String) throws(PolicyError) -> PolicyDocument {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw PolicyError("cannot read policy file \(path): \(error.localizedDescription)")
        }
        do { return try parse(Array(data)) } catch { throw PolicyError("\(path): \(error.message)") }
    }

    /// Parses the JSON text of a policy document.
    public static func parse(_ text: String) throws(PolicyError) -> PolicyDocument { try parse(Array(text.utf8)) }

    /// Parses the JSON bytes of a policy document.
    public static func parse(_ bytes: [UInt8]) throws(PolicyError) -> PolicyDocument {
        let root: JSONValue
        do { root = try JSONValue.parse(bytes) } catch { throw PolicyError("not valid JSON: \(error)") }
        guard case .object(let object) = root else { throw PolicyError("the policy document must be a JSON object") }
        for key in object.keys where !["Version", "Id", "Statement"].contains(key) {
            throw PolicyError("unsupported top-level element '\(key)'")
        }
        var version: String?
        if let value = object["Version"] {
            guard let v = value.stringValue, v == "2012-10-17" || v == "2008-10-17" else {
                throw PolicyError("Version must be \"2012-10-17\" or \"2008-10-17\"")
            }
            version = v
        }
        let rawStatements: [JSONValue]
        switch object["Statement"] {
        case .object?: rawStatements = [object["Statement"]!]
        case .array(let items)? where !items.isEmpty: rawStatements = items
        case nil: throw PolicyError("missing Statement")
        default: throw PolicyError("Statement must be an object or a non-empty array of objects")
        }
        var statements: [PolicyStatement] = []
        for (index, raw) in rawStatements.enumerated() {
            statements.append(try statement(raw, index: index))
        }
        return PolicyDocument(version: version, statements: statements)
    }

    private static let statementKeys: Set<String> = ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource"]

    private static func statement(_ raw: JSONValue, index: Int) throws(PolicyError) -> PolicyStatement {
        guard case .object(let object) = raw else { throw PolicyError("Statement[\(index)] must be an object") }
        let sid = object["Sid"]?.stringValue
        let label = "Statement[\(index)]" + (sid.map { " (Sid \"\($0)\")" } ?? "")
        for key in object.keys where !statementKeys.contains(key) {
            switch key {
            case "Condition":
                throw PolicyError("\(label): Condition is not supported; remove it or split the policy")
            case "Principal", "NotPrincipal":
                throw PolicyError("\(label): \(key) is not allowed in an identity-based policy")
            default:
                throw PolicyError("\(label): unsupported element '\(key)'")
            }
        }
        if let s = object["Sid"], s.stringValue == nil { throw PolicyError("\(label): Sid must be a string") }
        guard let effectText = object["Effect"]?.stringValue else { throw PolicyError("\(label): missing Effect") }
        guard let effect = PolicyStatement.Effect(rawValue: effectText) else {
            throw PolicyError("\(label): Effect must be \"Allow\" or \"Deny\", not \"\(effectText)\"")
        }
        let actions = try selector(object, "Action", "NotAction", kind: .action, label: label)
        let resources = try selector(object, "Resource", "NotResource", kind: .resource, label: label)
        return PolicyStatement(sid: sid, effect: effect, actions: actions, resources: resources)
    }

    private static func selector(
        _ object: JSONObject, _ key: String, _ notKey: String, kind: PolicyPattern.Kind, label: String
    ) throws(PolicyError) -> PolicyStatement.Selector {
        let value: JSONValue, negated: Bool
        switch (object[key], object[notKey]) {
        case (let v?, nil): (value, negated) = (v, false)
        case (nil, let v?): (value, negated) = (v, true)
        case (nil, nil): throw PolicyError("\(label): needs \(key) or \(notKey)")
        default: throw PolicyError("\(label): \(key) and \(notKey) cannot both be given")
        }
        let name = negated ? notKey : key
        let strings: [String]
        switch value {
        case .string(let s): strings = [s]
        case .array(let items) where !items.isEmpty:
            var collected: [String] = []
            for item in items {
                guard let s = item.stringValue else { throw PolicyError("\(label): \(name) must hold only strings") }
                collected.append(s)
            }
            strings = collected
        default:
            throw PolicyError("\(label): \(name) must be a string or a non-empty array of strings")
        }
        for s in strings { try validate(s, kind: kind, element: name, label: label) }
        return PolicyStatement.Selector(patterns: strings.map { PolicyPattern($0, kind: kind) }, negated: negated)
    }

    private static func validate(_ s: String, kind: PolicyPattern.Kind, element: String, label: String) throws(PolicyError) {
        switch kind {
        case .action:
            guard s == "*" || (s.firstIndex(of: ":").map { $0 != s.startIndex && s[$0...].count > 1 } ?? false) else {
                throw PolicyError("\(label): \(element) '\(s)' must be '*' or 'service:action' (e.g. bedrock:InvokeModel)")
            }
        case .resource:
            guard s == "*" || s.hasPrefix("arn:") else {
                throw PolicyError("\(label): \(element) '\(s)' must be '*' or an ARN")
            }
            if s.contains("${") {
                throw PolicyError("\(label): policy variables (\(element) '\(s)') are not supported")
            }
        }
    }
}
