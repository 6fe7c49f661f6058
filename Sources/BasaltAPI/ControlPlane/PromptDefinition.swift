import BasaltCore
import BasaltWire

/// A validated `CreatePrompt` / `UpdatePrompt` body (bedrock-agent 2023-06-05): the prompt's members as the wire
/// sends them (kept as JSON so Get echoes them back unchanged), plus the request-only members.
public struct PromptDefinition: Sendable, Hashable {
    /// `name`.
    public var name: String
    /// The stored members: `description`, `customerEncryptionKeyArn`, `defaultVariant`, `variants`.
    public var attributes: JSONObject
    /// `clientToken` (Create only).
    public var clientToken: String?
    /// `tags` (Create only).
    public var tags: [(key: String, value: String)]

    public static func == (a: Self, b: Self) -> Bool {
        a.name == b.name && a.attributes == b.attributes && a.clientToken == b.clientToken
            && a.tags.map(\.key) == b.tags.map(\.key) && a.tags.map(\.value) == b.tags.map(\.value)
    }

    public func hash(into h: inout Hasher) { h.combine(name); h.combine(attributes) }

    static let namePattern = "([0-9a-zA-Z][_-]?){1,100}"
    static let clientTokenPattern = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,256}"

    /// Decodes and validates a request body. `isUpdate` rejects the Create-only members.
    public static func decode(body: [UInt8], isUpdate: Bool) throws(AWSError) -> PromptDefinition {
        let root = try ControlPlaneBody.object(body)
        var r = ShapeReader()
        var known: Set<String> = ["name", "description", "customerEncryptionKeyArn", "defaultVariant", "variants"]
        if !isUpdate { known.formUnion(["clientToken", "tags"]) }
        r.onlyKnown(root, "", members: known)
        let name = r.string(root["name"], "name", required: true, pattern: namePattern)
        var attributes = JSONObject()
        if let d = r.string(root["description"], "description", minLength: 1, maxLength: 200) { attributes["description"] = .string(d) }
        if let k = r.string(root["customerEncryptionKeyArn"], "customerEncryptionKeyArn", minLength: 1, maxLength: 2048) {
            attributes["customerEncryptionKeyArn"] = .string(k)
        }
        let defaultVariant = r.string(root["defaultVariant"], "defaultVariant", pattern: namePattern)
        if let defaultVariant { attributes["defaultVariant"] = .string(defaultVariant) }
        if let variants = r.array(root["variants"], "variants") {
            if variants.count > 1 { r.violation("variants", value: nil, "Member must have length less than or equal to 1") }
            for (i, v) in variants.enumerated() { validateVariant(v, path: "variants.\(i + 1).member", reader: &r) }
            attributes["variants"] = .array(variants)
        }
        let token = isUpdate ? nil : r.string(root["clientToken"], "clientToken", minLength: 33, maxLength: 256, pattern: clientTokenPattern)
        let tags = isUpdate ? [] : TagShapes.map(root["tags"], "tags", reader: &r)
        if let message = r.failureMessage { throw ControlPlaneError.validation(message) }
        if let defaultVariant, let variants = attributes["variants"]?.arrayValue,
            !variants.contains(where: { $0["name"]?.stringValue == defaultVariant })
        {
            throw ControlPlaneError.validation("The defaultVariant \(defaultVariant) doesn't match the name of any variant.")
        }
        return PromptDefinition(name: name ?? "", attributes: attributes, clientToken: token, tags: tags)
    }

    static func validateVariant(_ v: JSONValue, path: String, reader r: inout ShapeReader) {
        guard let o = r.object(v, path, required: true) else { return }
        r.onlyKnown(o, path, members: [
            "name", "templateType", "templateConfiguration", "modelId", "inferenceConfiguration", "metadata",
            "additionalModelRequestFields", "genAiResource",
        ])
        _ = r.string(o["name"], "\(path).name", required: true, pattern: namePattern)
        let type = r.string(o["templateType"], "\(path).templateType", required: true, enumValues: ["TEXT", "CHAT"])
        _ = r.string(o["modelId"], "\(path).modelId", minLength: 1, maxLength: 2048)
        if let (kind, config) = r.union(o["templateConfiguration"], "\(path).templateConfiguration", members: ["text", "chat"], required: true) {
            let p = "\(path).templateConfiguration.\(kind)"
            if let type, type.lowercased() != kind {
                r.malformed("The templateConfiguration at \(path) doesn't match templateType \(type).")
            }
            if let c = r.object(config, p, required: true) {
                if kind == "text" {
                    _ = r.string(c["text"], "\(p).text", required: true, minLength: 1)
                } else {
                    _ = r.array(c["messages"], "\(p).messages", required: true)
                }
                if let vars = r.array(c["inputVariables"], "\(p).inputVariables") {
                    if vars.count > 20 { r.violation("\(p).inputVariables", value: nil, "Member must have length less than or equal to 20") }
                    for (j, item) in vars.enumerated() {
                        if let vo = r.object(item, "\(p).inputVariables.\(j + 1).member") {
                            _ = r.string(vo["name"], "\(p).inputVariables.\(j + 1).member.name", pattern: namePattern)
                        }
                    }
                }
            }
        }
        if let (_, ic) = r.union(o["inferenceConfiguration"], "\(path).inferenceConfiguration", members: ["text"]),
            let c = r.object(ic, "\(path).inferenceConfiguration.text")
        {
            let p = "\(path).inferenceConfiguration.text"
            _ = r.number(c["temperature"], "\(p).temperature", min: 0, max: 1)
            _ = r.number(c["topP"], "\(p).topP", min: 0, max: 1)
            _ = r.number(c["maxTokens"], "\(p).maxTokens", min: 0, integer: true)
            if let stops = r.array(c["stopSequences"], "\(p).stopSequences"), stops.count > 4 {
                r.violation("\(p).stopSequences", value: nil, "Member must have length less than or equal to 4")
            }
        }
    }
}

/// Parsing of control-plane request bodies.
public enum ControlPlaneBody {
    /// The body as a JSON object; an empty body is `{}`.
    public static func object(_ body: [UInt8]) throws(AWSError) -> JSONObject {
        if body.isEmpty { return JSONObject() }
        guard let json = try? JSONValue.parse(body), case .object(let o) = json else {
            throw ControlPlaneError.validation("Malformed input request, please reformat your input and try again.")
        }
        return o
    }
}
