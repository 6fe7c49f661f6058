import BasaltCore
import BasaltWire

/// Encodes Converse responses (JSON) and ConverseStream events (event-stream frames) from canonical events.
public enum ConverseEncoder {
    /// The `ConverseResponse` JSON.
    public static func response(_ c: ResponseCollector, input: ConverseInput) -> JSONValue {
        var o = JSONObject()
        o["output"] = ["message": ["role": "assistant", "content": .array(c.blocks.map(contentBlock))]]
        o["stopReason"] = .string(c.stopReason.rawValue)
        o["usage"] = usage(c.usage)
        o["metrics"] = ["latencyMs": .number(Double(c.metrics.latencyMs))]
        if let fields = responseFields(input.additionalModelResponseFieldPaths, stopSequence: c.stopSequence) {
            o["additionalModelResponseFields"] = fields
        }
        if let latency = input.performanceLatency { o["performanceConfig"] = ["latency": .string(latency)] }
        if let tier = input.serviceTier { o["serviceTier"] = ["type": .string(tier)] }
        return .object(o)
    }

    /// The ConverseStream frames for one event (none for events with no wire form).
    public static func frame(_ event: GenerationEvent, input: ConverseInput) -> EventStreamMessage {
        switch event {
        case .messageStart(let role):
            return .event(type: "messageStart", json: ["role": .string(role.rawValue)])
        case .contentBlockStart(let index, .toolUse(let id, let name)):
            return .event(
                type: "contentBlockStart",
                json: ["contentBlockIndex": .number(Double(index)), "start": ["toolUse": ["toolUseId": .string(id), "name": .string(name)]]])
        case .contentBlockDelta(let index, let delta):
            let d: JSONValue =
                switch delta {
                case .text(let t): ["text": .string(t)]
                case .toolUseInput(let s): ["toolUse": ["input": .string(s)]]
                case .reasoning(let t): ["reasoningContent": ["text": .string(t)]]
                }
            return .event(type: "contentBlockDelta", json: ["contentBlockIndex": .number(Double(index)), "delta": d])
        case .contentBlockStop(let index):
            return .event(type: "contentBlockStop", json: ["contentBlockIndex": .number(Double(index))])
        case .messageStop(let reason, let sequence):
            var o: JSONObject = JSONObject([("stopReason", .string(reason.rawValue))])
            if let fields = responseFields(input.additionalModelResponseFieldPaths, stopSequence: sequence) {
                o["additionalModelResponseFields"] = fields
            }
            return .event(type: "messageStop", json: .object(o))
        case .metadata(let u, let m):
            var o = JSONObject([("usage", usage(u)), ("metrics", ["latencyMs": .number(Double(m.latencyMs))])])
            if let latency = input.performanceLatency { o["performanceConfig"] = ["latency": .string(latency)] }
            if let tier = input.serviceTier { o["serviceTier"] = ["type": .string(tier)] }
            return .event(type: "metadata", json: .object(o))
        }
    }

    public static func usage(_ u: Usage) -> JSONValue {
        ["inputTokens": .number(Double(u.inputTokens)), "outputTokens": .number(Double(u.outputTokens)),
         "totalTokens": .number(Double(u.totalTokens))]
    }

    public static func contentBlock(_ block: ContentBlock) -> JSONValue {
        switch block {
        case .toolUse(let u):
            return ["toolUse": ["toolUseId": .string(u.id), "name": .string(u.name), "input": u.input]]
        case .reasoning(let r):
            var t = JSONObject([("text", .string(r.text))])
            if let s = r.signature { t["signature"] = .string(s) }
            return ["reasoningContent": ["reasoningText": .object(t)]]
        case .text(let t), .guardContent(let t):
            return ["text": .string(t)]
        default:
            return ["text": ""]
        }
    }

    /// `additionalModelResponseFields` for the requested JSON Pointers, evaluated against the fields the
    /// local engine's native response carries (`stop_sequence`). Pointers that find nothing are ignored.
    static func responseFields(_ paths: [String], stopSequence: String?) -> JSONValue? {
        guard !paths.isEmpty else { return nil }
        let native: JSONValue = ["stop_sequence": stopSequence.map(JSONValue.string) ?? .null]
        var out = JSONObject()
        for path in paths {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
                $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            }
            guard parts.count == 1, let value = native[parts[0]] else { continue }
            out[parts[0]] = value
        }
        return .object(out)
    }
}
