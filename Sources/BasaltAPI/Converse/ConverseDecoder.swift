import BasaltWire
import BasaltCore
import Foundation

/// Decodes a Converse / ConverseStream JSON body (shape `ConverseRequest`) into `ConverseInput`, enforcing the
/// service model's constraints first (Coral-style messages) and then Bedrock's conversation rules (§7.3).
public enum ConverseDecoder {
    static let toolNamePattern = "[a-zA-Z0-9_-]+"
    static let toolUseIdPattern = "[a-zA-Z0-9_.:-]+"
    static let metadataPattern = "[a-zA-Z0-9\\s:_@$#=/+,-.]{1,256}"
    static let metadataValuePattern = "[a-zA-Z0-9\\s:_@$#=/+,-.]{0,256}"

    /// - Parameters:
    ///   - body: raw HTTP body.
    ///   - modelId: the decoded `modelId` path label.
    ///   - streaming: ConverseStream (allows `guardrailConfig.streamProcessingMode`).
    public static func decode(body: [UInt8], modelId: String, streaming: Bool) throws(AWSError) -> ConverseInput {
        let json: JSONValue
        if body.isEmpty {
            json = .object(JSONObject())
        } else {
            do { json = try JSONValue.parse(body) } catch {
                throw BedrockError.validation("Malformed input request, please reformat your input and try again.")
            }
        }
        guard case .object(let root) = json else {
            throw BedrockError.validation("Malformed input request, please reformat your input and try again.")
        }
        return try decode(root: root, modelId: modelId, streaming: streaming)
    }

    /// Decodes an already parsed `ConverseRequest` (or CountTokens' `ConverseTokensRequest`) object.
    public static func decode(root: JSONObject, modelId: String, streaming: Bool) throws(AWSError) -> ConverseInput {
        var r = ShapeReader()
        var input = ConverseInput(request: GenerationRequest(modelId: modelId, messages: []))
        input.present = Set(root.filter { $0.value != .null }.map(\.key))

        // messages
        if let list = r.array(root["messages"], "messages") {
            input.request.messages = list.enumerated().compactMap { i, m in
                decodeMessage(m, path: "messages.\(i + 1).member", reader: &r)
            }
        }
        // system
        if let list = r.array(root["system"], "system") {
            for (i, block) in list.enumerated() {
                let path = "system.\(i + 1).member"
                guard let (kind, value) = r.union(block, path, members: ["text", "guardContent", "cachePoint"]) else {
                    continue
                }
                switch kind {
                case "text":
                    if let t = r.string(value, "\(path).text", minLength: 1) { input.request.system.append(t) }
                case "guardContent":
                    if let t = decodeGuardContent(value, path: "\(path).guardContent", reader: &r) {
                        input.request.system.append(t)
                    }
                default:
                    _ = decodeCachePoint(value, path: "\(path).cachePoint", reader: &r)
                }
            }
        }
        decodeInferenceConfig(root["inferenceConfig"], into: &input.request.parameters, reader: &r)
        if let tc = r.object(root["toolConfig"], "toolConfig") {
            decodeToolConfig(tc, into: &input.request, reader: &r)
        }
        if let g = r.object(root["guardrailConfig"], "guardrailConfig") {
            let id = r.string(g["guardrailIdentifier"], "guardrailConfig.guardrailIdentifier", maxLength: 2048) ?? ""
            let version = r.string(
                g["guardrailVersion"], "guardrailConfig.guardrailVersion", pattern: "(|([1-9][0-9]{0,7})|(DRAFT))") ?? ""
            let trace = r.string(
                g["trace"], "guardrailConfig.trace", enumValues: ["enabled", "disabled", "enabled_full"])
            let mode = streaming
                ? r.string(g["streamProcessingMode"], "guardrailConfig.streamProcessingMode", enumValues: ["sync", "async"])
                : nil
            input.guardrail = GuardrailReference(identifier: id, version: version, trace: trace, streamProcessingMode: mode)
        }
        if let extra = root["additionalModelRequestFields"], extra != .null {
            if case .object(let o) = extra { input.additionalModelRequestFields = o } else {
                throw BedrockError.validation(
                    "The format of the value at additionalModelRequestFields is invalid. Provide a json object for the field and try again.")
            }
        }
        if let vars = r.object(root["promptVariables"], "promptVariables") {
            for (k, v) in vars {
                if let (_, value) = r.union(v, "promptVariables.\(k)", members: ["text"]),
                    let text = r.string(value, "promptVariables.\(k).text")
                {
                    input.promptVariables[k] = text
                }
            }
        }
        if let paths = r.array(root["additionalModelResponseFieldPaths"], "additionalModelResponseFieldPaths") {
            if paths.count > 10 {
                r.violation("additionalModelResponseFieldPaths", value: nil, "Member must have length less than or equal to 10")
            }
            for (i, p) in paths.enumerated() {
                if let s = r.string(
                    p, "additionalModelResponseFieldPaths.\(i + 1).member", minLength: 1, maxLength: 256)
                {
                    if !s.isEmpty && !s.hasPrefix("/") {
                        r.malformed(
                            "The value at additionalModelResponseFieldPaths.\(i) isn't a valid JSON pointer. Use a JSON pointer that starts with / and try again.")
                    }
                    input.additionalModelResponseFieldPaths.append(s)
                }
            }
        }
        if let meta = r.object(root["requestMetadata"], "requestMetadata") {
            if meta.count < 1 || meta.count > 16 {
                r.violation(
                    "requestMetadata", value: nil,
                    meta.count < 1
                        ? "Member must have length greater than or equal to 1"
                        : "Member must have length less than or equal to 16")
            }
            for (k, v) in meta {
                _ = r.string(.string(k), "requestMetadata", pattern: metadataPattern)
                if let s = r.string(v, "requestMetadata.\(k)", pattern: metadataValuePattern) { input.requestMetadata[k] = s }
            }
        }
        if let pc = r.object(root["performanceConfig"], "performanceConfig") {
            input.performanceLatency = r.string(pc["latency"], "performanceConfig.latency", enumValues: ["standard", "optimized"])
        }
        if let st = r.object(root["serviceTier"], "serviceTier") {
            input.serviceTier = r.string(
                st["type"], "serviceTier.type", required: true, enumValues: ["priority", "default", "flex", "reserved"])
        }
        if let message = r.failureMessage { throw BedrockError.validation(message) }
        return input
    }

    static func decodeInferenceConfig(_ v: JSONValue?, into p: inout GenerationParameters, reader r: inout ShapeReader) {
        guard let ic = r.object(v, "inferenceConfig") else { return }
        if let m = r.number(ic["maxTokens"], "inferenceConfig.maxTokens", min: 1, integer: true) {
            p.maxTokens = Int(exactly: m) ?? Int.max
        }
        p.temperature = r.number(ic["temperature"], "inferenceConfig.temperature", min: 0, max: 1)
        p.topP = r.number(ic["topP"], "inferenceConfig.topP", min: 0, max: 1)
        if let stops = r.array(ic["stopSequences"], "inferenceConfig.stopSequences") {
            if stops.count > 2500 {
                r.violation("inferenceConfig.stopSequences", value: nil, "Member must have length less than or equal to 2500")
            }
            for (i, s) in stops.enumerated() {
                if let s = r.string(s, "inferenceConfig.stopSequences.\(i + 1).member", minLength: 1) {
                    p.stopSequences.append(s)
                }
            }
        }
    }

    static func decodeToolConfig(_ tc: JSONObject, into req: inout GenerationRequest, reader r: inout ShapeReader) {
        guard let tools = r.array(tc["tools"], "toolConfig.tools", required: true) else { return }
        if tools.isEmpty {
            r.violation("toolConfig.tools", value: nil, "Member must have length greater than or equal to 1")
        }
        for (i, t) in tools.enumerated() {
            let path = "toolConfig.tools.\(i + 1).member"
            guard let (kind, value) = r.union(t, path, members: ["toolSpec", "systemTool", "cachePoint"]) else { continue }
            switch kind {
            case "toolSpec":
                guard let spec = r.object(value, "\(path).toolSpec", required: true) else { continue }
                let name = r.string(
                    spec["name"], "\(path).toolSpec.name", required: true, minLength: 1, maxLength: 64,
                    pattern: toolNamePattern)
                let description = r.string(spec["description"], "\(path).toolSpec.description", minLength: 1)
                _ = r.bool(spec["strict"], "\(path).toolSpec.strict")
                guard let (_, schema) = r.union(
                    spec["inputSchema"], "\(path).toolSpec.inputSchema", members: ["json"], required: true)
                else { continue }
                guard case .object = schema else {
                    r.malformed(
                        "The format of the value at toolConfig.tools.\(i).toolSpec.inputSchema.json is invalid. Provide a json object for the field and try again.")
                    continue
                }
                if let name { req.tools.append(ToolSpec(name: name, description: description, inputSchema: schema)) }
            case "systemTool":
                if let st = r.object(value, "\(path).systemTool", required: true) {
                    _ = r.string(st["name"], "\(path).systemTool.name", required: true, minLength: 1, maxLength: 64,
                        pattern: toolNamePattern)
                }
            default:
                _ = decodeCachePoint(value, path: "\(path).cachePoint", reader: &r)
            }
        }
        if let (kind, value) = r.union(tc["toolChoice"], "toolConfig.toolChoice", members: ["auto", "any", "tool"]) {
            switch kind {
            case "auto": req.toolChoice = .auto
            case "any": req.toolChoice = .any
            default:
                if let o = r.object(value, "toolConfig.toolChoice.tool", required: true),
                    let name = r.string(o["name"], "toolConfig.toolChoice.tool.name", required: true, minLength: 1,
                        maxLength: 64, pattern: toolNamePattern)
                {
                    req.toolChoice = .tool(name)
                }
            }
        }
    }

    static func decodeCachePoint(_ v: JSONValue, path: String, reader r: inout ShapeReader) -> Bool {
        guard let o = r.object(v, path, required: true) else { return false }
        _ = r.string(o["type"], "\(path).type", required: true, enumValues: ["default"])
        _ = r.string(o["ttl"], "\(path).ttl", enumValues: ["5m", "1h"])
        return true
    }

    static func decodeGuardContent(_ v: JSONValue, path: String, reader r: inout ShapeReader) -> String? {
        guard let (kind, value) = r.union(v, path, members: ["text", "image"]) else { return nil }
        if kind == "text", let o = r.object(value, "\(path).text", required: true) {
            return r.string(o["text"], "\(path).text.text", required: true)
        }
        if kind == "image", let o = r.object(value, "\(path).image", required: true) {
            _ = r.string(o["format"], "\(path).image.format", required: true, enumValues: ["png", "jpeg"])
        }
        return nil
    }
}
