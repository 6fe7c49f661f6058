import BasaltCore
import BasaltWire

/// Validates an `InvokeModel` body the way Bedrock's per-model JSON Schema check reports it (an everit-style
/// validator): each violation is a JSON Pointer plus a fixed phrase (`#/messages/0/role: system is not a valid
/// enum value`, `#: extraneous key [stream] is not permitted`, `#: required key [prompt] not found`), wrapped in
/// `Malformed input request: …, please reformat your input and try again.` (§2.3).
public struct SchemaReader: Sendable {
    /// How several violations are reported. Real Bedrock differs by provider (§2.3 catalogue).
    public enum Style: Sendable {
        /// Every violation as `#ptr: message`, concatenated (Anthropic).
        case allMessages
        /// One violation as `#ptr: message`; several as `N schema violations found`.
        case summary
        /// One violation as bare `message` (no pointer); several as `N schema violations found` (Titan).
        case bare
    }

    /// A violation: JSON Pointer (`#`, `#/messages/0`) and the validator's phrase.
    public struct Violation: Sendable, Hashable {
        public var pointer: String
        public var message: String
    }

    public private(set) var violations: [Violation] = []

    public init() {}

    /// Records a violation at `pointer`.
    public mutating func fail(_ pointer: String, _ message: String) {
        violations.append(Violation(pointer: pointer, message: message))
    }

    /// The `Malformed input request` error for the recorded violations, if any.
    public func error(style: Style) -> AWSError? {
        guard let first = violations.first else { return nil }
        switch style {
        case .allMessages:
            return BedrockError.malformedInput(violations.map { "\($0.pointer): \($0.message)" }.joined())
        case .summary where violations.count == 1:
            return BedrockError.malformedInput("\(first.pointer): \(first.message)")
        case .bare where violations.count == 1:
            return BedrockError.malformedInput(first.message)
        default:
            return BedrockError.malformedInput(violationCount: violations.count)
        }
    }

    /// Throws the recorded violations, if any.
    public func check(style: Style) throws(AWSError) {
        if let e = error(style: style) { throw e }
    }

    // MARK: - Keywords

    /// `required` and `additionalProperties: false`: missing required keys first, then unknown keys, in body order.
    /// `amazon-bedrock-guardrailConfig` is always allowed at the root (Bedrock strips it, §8.12).
    public mutating func keys(_ o: JSONObject, _ pointer: String, required: [String], allowed: Set<String>) {
        for key in required where o[key] == nil { fail(pointer, "required key [\(key)] not found") }
        for (key, _) in o where !allowed.contains(key) && !(pointer == "#" && key == Self.guardrailKey) {
            fail(pointer, "extraneous key [\(key)] is not permitted")
        }
    }

    /// Body key of the guardrail configuration that Bedrock removes before calling the model.
    public static let guardrailKey = "amazon-bedrock-guardrailConfig"

    public mutating func object(_ v: JSONValue?, _ pointer: String) -> JSONObject? {
        guard let v else { return nil }
        guard case .object(let o) = v else { typeMismatch(v, "JSONObject", pointer); return nil }
        return o
    }

    public mutating func array(_ v: JSONValue?, _ pointer: String, minItems: Int? = nil, maxItems: Int? = nil)
        -> [JSONValue]?
    {
        guard let v else { return nil }
        guard case .array(let a) = v else { typeMismatch(v, "JSONArray", pointer); return nil }
        if let minItems, a.count < minItems { fail(pointer, "expected minimum item count: \(minItems), found: \(a.count)") }
        if let maxItems, a.count > maxItems { fail(pointer, "expected maximum item count: \(maxItems), found: \(a.count)") }
        return a
    }

    public mutating func string(
        _ v: JSONValue?, _ pointer: String, oneOf values: [String]? = nil, minLength: Int? = nil, maxLength: Int? = nil
    ) -> String? {
        guard let v else { return nil }
        guard case .string(let s) = v else { typeMismatch(v, "String", pointer); return nil }
        if let values, !values.contains(s) { fail(pointer, "\(s) is not a valid enum value") }
        let n = s.unicodeScalars.count
        if let minLength, n < minLength { fail(pointer, "expected minLength: \(minLength), actual: \(n)") }
        if let maxLength, n > maxLength { fail(pointer, "expected maxLength: \(maxLength), actual: \(n)") }
        return s
    }

    public mutating func integer(_ v: JSONValue?, _ pointer: String, min: Int? = nil, max: Int? = nil) -> Int? {
        guard let v else { return nil }
        guard let i = v.intValue else { typeMismatch(v, "Integer", pointer); return nil }
        if let min, i < min { fail(pointer, "\(i) is not greater or equal to \(min)") }
        if let max, i > max { fail(pointer, "\(i) is not less or equal to \(max)") }
        return i
    }

    public mutating func number(_ v: JSONValue?, _ pointer: String, min: Double? = nil, max: Double? = nil) -> Double? {
        guard let v else { return nil }
        guard case .number(let d) = v else { typeMismatch(v, "Number", pointer); return nil }
        let shown = JSONValue.number(d).serialized()
        if let min, d < min { fail(pointer, "\(shown) is not greater or equal to \(JSONValue.number(min).serialized())") }
        if let max, d > max { fail(pointer, "\(shown) is not less or equal to \(JSONValue.number(max).serialized())") }
        return d
    }

    public mutating func bool(_ v: JSONValue?, _ pointer: String) -> Bool? {
        guard let v else { return nil }
        guard case .bool(let b) = v else { typeMismatch(v, "Boolean", pointer); return nil }
        return b
    }

    /// A list of strings (`stop_sequences`, `stopSequences`, `stop`).
    public mutating func strings(_ v: JSONValue?, _ pointer: String, maxItems: Int? = nil) -> [String] {
        guard let list = array(v, pointer, maxItems: maxItems) else { return [] }
        return list.enumerated().compactMap { i, s in string(s, "\(pointer)/\(i)") }
    }

    private mutating func typeMismatch(_ v: JSONValue, _ expected: String, _ pointer: String) {
        fail(pointer, "expected type: \(expected), found: \(Self.javaType(v))")
    }

    /// The class name the validator prints for a JSON value.
    static func javaType(_ v: JSONValue) -> String {
        switch v {
        case .null: "Null"
        case .bool: "Boolean"
        case .number: v.intValue != nil ? "Integer" : "Double"
        case .string: "String"
        case .array: "JSONArray"
        case .object: "JSONObject"
        }
    }
}
