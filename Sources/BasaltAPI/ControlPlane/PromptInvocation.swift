import BasaltCore
import BasaltWire

/// Turns a stored prompt (DRAFT or version) and a Converse request whose `modelId` is the prompt's ARN into the
/// Converse request that is actually run (spec §7.2, §11.3): the variant's template rendered with
/// `promptVariables`, its messages before the request's, its system prompt, tool configuration, inference
/// configuration and additional fields, and its `modelId` as the model. Pure.
public enum PromptInvocation {
    /// Members a request may not carry when `modelId` is a prompt.
    public static let forbiddenMembers = ["additionalModelRequestFields", "inferenceConfig", "system", "toolConfig"]

    /// The rendered request.
    public struct Rendered: Sendable, Hashable {
        /// The variant's `modelId` (any identifier form; resolve it again, but never to another prompt).
        public var modelId: String
        /// A `ConverseRequest` object to hand to `ConverseDecoder.decode(root:)`.
        public var converse: JSONObject
    }

    /// - Parameters:
    ///   - prompt: the stored prompt members (`variants`, `defaultVariant`).
    ///   - request: the client's `ConverseRequest` object.
    public static func render(prompt: JSONObject, request: JSONObject) throws(AWSError) -> Rendered {
        for member in forbiddenMembers where request[member] != nil && request[member] != .null {
            throw ControlPlaneError.validation(
                "You can't specify \(member) when the modelId is a prompt. Remove \(member) and try again.")
        }
        let variants = prompt["variants"]?.arrayValue ?? []
        let wanted = prompt["defaultVariant"]?.stringValue
        guard let variant = (variants.first { $0["name"]?.stringValue == wanted } ?? variants.first)?.objectValue else {
            throw ControlPlaneError.validation("The prompt doesn't have a variant to run. Add a variant and try again.")
        }
        guard let modelId = variant["modelId"]?.stringValue else {
            throw ControlPlaneError.validation("The prompt variant doesn't specify a modelId. Add a modelId to the variant and try again.")
        }
        let values = try variables(request["promptVariables"])
        let config = variant["templateConfiguration"]
        var out = JSONObject()
        var messages: [JSONValue] = []
        var declared: [String] = []
        if let text = config?["text"]?.objectValue {
            let template = text["text"]?.stringValue ?? ""
            declared = names(text["inputVariables"]) + PromptTemplate.variables(in: template)
            try check(declared: declared, values: values)
            let block: JSONValue = .object(JSONObject([("text", .string(PromptTemplate.render(template, values: values)))]))
            messages.append(.object(JSONObject([("role", "user"), ("content", .array([block]))])))
        } else if let chat = config?["chat"]?.objectValue {
            let templateMessages = chat["messages"]?.arrayValue ?? []
            let system = chat["system"]?.arrayValue ?? []
            declared = names(chat["inputVariables"])
            for text in (templateMessages.flatMap { $0["content"]?.arrayValue ?? [] } + system).compactMap({ $0["text"]?.stringValue }) {
                declared += PromptTemplate.variables(in: text)
            }
            try check(declared: declared, values: values)
            messages = templateMessages.map { renderTexts($0, values) }
            if !system.isEmpty { out["system"] = .array(system.map { renderTexts($0, values) }) }
            if let tools = chat["toolConfiguration"] { out["toolConfig"] = tools }
        } else {
            throw ControlPlaneError.validation("The prompt variant has no template configuration.")
        }
        messages += request["messages"]?.arrayValue ?? []
        out["messages"] = .array(messages)
        if let ic = variant["inferenceConfiguration"]?["text"]?.objectValue, !ic.isEmpty {
            var inference = JSONObject()
            for key in ["maxTokens", "temperature", "topP", "stopSequences"] { inference[key] = ic[key] }
            // Bedrock's prompt builder stores maxTokens 0 for "unset"; the runtime requires at least 1.
            if inference["maxTokens"]?.intValue == 0 { inference["maxTokens"] = nil }
            out["inferenceConfig"] = .object(inference)
        }
        if let extra = variant["additionalModelRequestFields"], extra != .null { out["additionalModelRequestFields"] = extra }
        for (key, value) in request where key != "messages" && key != "promptVariables" && out[key] == nil {
            out[key] = value
        }
        return Rendered(modelId: modelId, converse: out)
    }

    static func variables(_ v: JSONValue?) throws(AWSError) -> [String: String] {
        guard let v, v != .null else { return [:] }
        guard let o = v.objectValue else { throw ControlPlaneError.validation("promptVariables must be a map.") }
        var values: [String: String] = [:]
        for (k, value) in o {
            guard let text = value["text"]?.stringValue, value.objectValue?.count == 1 else {
                throw ControlPlaneError.validation("The value of prompt variable \(k) must have exactly one member, text.")
            }
            values[k] = text
        }
        return values
    }

    static func names(_ v: JSONValue?) -> [String] { (v?.arrayValue ?? []).compactMap { $0["name"]?.stringValue } }

    static func check(declared: [String], values: [String: String]) throws(AWSError) {
        let declaredSet = Set(declared)
        if let missing = declared.first(where: { values[$0] == nil }) {
            throw ControlPlaneError.validation(
                "The prompt variable \(missing) is missing from promptVariables. Provide a value for every variable in the prompt and try again.")
        }
        if let unknown = values.keys.sorted().first(where: { !declaredSet.contains($0) }) {
            throw ControlPlaneError.validation(
                "The prompt variable \(unknown) isn't defined in the prompt. Remove it from promptVariables and try again.")
        }
    }

    /// A message or system block with `{{variables}}` substituted in its text members.
    static func renderTexts(_ v: JSONValue, _ values: [String: String]) -> JSONValue {
        switch v {
        case .object(var o):
            if let text = o["text"]?.stringValue { o["text"] = .string(PromptTemplate.render(text, values: values)) }
            if let content = o["content"]?.arrayValue { o["content"] = .array(content.map { renderTexts($0, values) }) }
            return .object(o)
        default:
            return v
        }
    }
}
