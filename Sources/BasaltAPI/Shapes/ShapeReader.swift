import BasaltWire
import BasaltCore
import Foundation

/// Reads a JSON request body against a Smithy shape and records constraint violations the way AWS
/// (Coral) reports them: `1 validation error detected: Value '1.5' at 'inferenceConfig.temperature' failed to
/// satisfy constraint: Member must have value less than or equal to 1`. List members are 1-based and written
/// `name.N.member`, as in real Bedrock messages.
public struct ShapeReader {
    public private(set) var violations: [String] = []
    /// A structural problem that is not a constraint (wrong JSON type, unknown union member): reported alone.
    public private(set) var malformed: String?

    public init() {}

    public mutating func violation(_ path: String, value: String?, _ constraint: String) {
        let v = value.map { "Value '\($0)'" } ?? "Value null"
        violations.append("\(v) at '\(path)' failed to satisfy constraint: \(constraint)")
    }

    public mutating func malformed(_ message: String) {
        if malformed == nil { malformed = message }
    }

    /// The combined message, if anything was wrong.
    public var failureMessage: String? {
        if let malformed { return malformed }
        guard !violations.isEmpty else { return nil }
        let n = violations.count
        return "\(n) validation error\(n == 1 ? "" : "s") detected: " + violations.joined(separator: "; ")
    }

    // MARK: typed member access

    public mutating func object(_ v: JSONValue?, _ path: String, required: Bool = false) -> JSONObject? {
        guard let v, v != .null else {
            if required { violation(path, value: nil, "Member must not be null") }
            return nil
        }
        guard case .object(let o) = v else {
            malformed("Unexpected value type at '\(path)': expected object")
            return nil
        }
        return o
    }

    public mutating func array(_ v: JSONValue?, _ path: String, required: Bool = false) -> [JSONValue]? {
        guard let v, v != .null else {
            if required { violation(path, value: nil, "Member must not be null") }
            return nil
        }
        guard case .array(let a) = v else {
            malformed("Unexpected value type at '\(path)': expected list")
            return nil
        }
        return a
    }

    public mutating func string(
        _ v: JSONValue?, _ path: String, required: Bool = false, minLength: Int? = nil, maxLength: Int? = nil,
        pattern: String? = nil, enumValues: [String]? = nil
    ) -> String? {
        guard let v, v != .null else {
            if required { violation(path, value: nil, "Member must not be null") }
            return nil
        }
        guard case .string(let s) = v else {
            malformed("Unexpected value type at '\(path)': expected string")
            return nil
        }
        let length = s.count
        if let minLength, length < minLength {
            violation(path, value: s, "Member must have length greater than or equal to \(minLength)")
        }
        if let maxLength, length > maxLength {
            violation(path, value: s, "Member must have length less than or equal to \(maxLength)")
        }
        if let pattern, s.range(of: "^(?:\(pattern))$", options: .regularExpression) == nil {
            violation(path, value: s, "Member must satisfy regular expression pattern: \(pattern)")
        }
        if let enumValues, !enumValues.contains(s) {
            violation(path, value: s, "Member must satisfy enum value set: [\(enumValues.joined(separator: ", "))]")
        }
        return s
    }

    public mutating func number(
        _ v: JSONValue?, _ path: String, min: Double? = nil, max: Double? = nil, integer: Bool = false
    ) -> Double? {
        guard let v, v != .null else { return nil }
        guard case .number(let d) = v, !integer || d.rounded() == d else {
            malformed("Unexpected value type at '\(path)': expected \(integer ? "integer" : "number")")
            return nil
        }
        let shown = JSONValue.number(d).serialized()
        if let min, d < min {
            violation(path, value: shown, "Member must have value greater than or equal to \(JSONValue.number(min).serialized())")
        }
        if let max, d > max {
            violation(path, value: shown, "Member must have value less than or equal to \(JSONValue.number(max).serialized())")
        }
        return d
    }

    public mutating func bool(_ v: JSONValue?, _ path: String) -> Bool? {
        guard let v, v != .null else { return nil }
        guard case .bool(let b) = v else {
            malformed("Unexpected value type at '\(path)': expected boolean")
            return nil
        }
        return b
    }

    /// Base64 `blob` member inside JSON.
    public mutating func blob(_ v: JSONValue?, _ path: String, required: Bool = false, minLength: Int? = nil) -> [UInt8]? {
        guard let s = string(v, path, required: required) else { return nil }
        guard let data = Data(base64Encoded: s, options: .ignoreUnknownCharacters) else {
            malformed("Invalid base64 value at '\(path)'")
            return nil
        }
        if let minLength, data.count < minLength {
            violation(path, value: nil, "Member must have length greater than or equal to \(minLength)")
        }
        return [UInt8](data)
    }

    /// A union: exactly one known member must be set. Returns the member's name and value.
    public mutating func union(_ v: JSONValue?, _ path: String, members: Set<String>, required: Bool = false)
        -> (String, JSONValue)?
    {
        guard let o = object(v, path, required: required) else { return nil }
        let set = o.filter { $0.value != .null }
        if let unknown = set.first(where: { !members.contains($0.key) }) {
            malformed("Unrecognized union member '\(unknown.key)' at '\(path)'")
            return nil
        }
        guard set.count == 1, let only = set.first else {
            malformed("Exactly one member of the union at '\(path)' must be set; found \(set.count)")
            return nil
        }
        return (only.key, only.value)
    }

    /// Rejects keys that are not members of the structure (unknown input members).
    public mutating func onlyKnown(_ o: JSONObject, _ path: String, members: Set<String>) {
        for (k, _) in o where !members.contains(k) {
            malformed("Unrecognized field '\(k)' at '\(path.isEmpty ? "request" : path)'")
            return
        }
    }
}
