import BasaltAPI
import BasaltCore
import Foundation

/// A golden fixture (`Fixtures/<name>.json`), written by hand from the wire spec (§6, §8):
/// `family`, native `request` body, the `canonical` request it must decode to, a canned `events` sequence, and the
/// expected native `response` and stream `chunks`.
struct InvokeFixture {
    let name: String
    let json: JSONValue

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    init(_ name: String) throws {
        self.name = name
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(name + ".json"))
        json = try JSONValue.parse([UInt8](data))
    }

    var family: ModelFamily { ModelFamily(rawValue: json["family"]?.stringValue ?? "")! }

    /// The fixed response context every fixture assumes.
    static func context(_ input: InvokeInput) -> InvokeContext {
        InvokeContext(modelName: "test-model", requestId: "a58a7c07-00d1-4e08-b165-665b3670fb71",
                      created: 1_700_000_000, promptTokens: 12, input: input)
    }

    /// The canned event sequence: `{"text": s, "index": i}`, `{"reasoning": s, "index": i}`,
    /// `{"toolStart": {"id", "name"}, "index": i}`, `{"toolInput": s, "index": i}`, `{"blockStop": i}`,
    /// `{"messageStop": reason, "sequence": s?}`, `{"metadata": {"input", "output", "latency", "firstByte"}}`.
    var events: [GenerationEvent] {
        var out: [GenerationEvent] = [.messageStart(.assistant)]
        for e in json["events"]?.arrayValue ?? [] {
            let index = e["index"]?.intValue ?? 0
            if let t = e["text"]?.stringValue { out.append(.contentBlockDelta(index: index, .text(t))) }
            if let t = e["reasoning"]?.stringValue { out.append(.contentBlockDelta(index: index, .reasoning(t))) }
            if let s = e["toolStart"] {
                out.append(.contentBlockStart(index: index, .toolUse(id: s["id"]!.stringValue!, name: s["name"]!.stringValue!)))
            }
            if let t = e["toolInput"]?.stringValue { out.append(.contentBlockDelta(index: index, .toolUseInput(t))) }
            if let i = e["blockStop"]?.intValue { out.append(.contentBlockStop(index: i)) }
            if let r = e["messageStop"]?.stringValue {
                out.append(.messageStop(StopReason(rawValue: r)!, stopSequence: e["sequence"]?.stringValue))
            }
            if let m = e["metadata"] {
                out.append(.metadata(
                    Usage(inputTokens: m["input"]!.intValue!, outputTokens: m["output"]!.intValue!),
                    GenerationMetrics(latencyMs: m["latency"]!.intValue!, firstByteLatencyMs: m["firstByte"]?.intValue)))
            }
        }
        return out
    }
}

/// Order-insensitive JSON comparison helpers and a plain-JSON view of canonical values.
enum Canonical {
    /// `v` with object keys sorted, so equality ignores key order.
    static func sorted(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let o):
            return .object(JSONObject(o.map { ($0.key, sorted($0.value)) }.sorted { $0.0 < $1.0 }))
        case .array(let a): return .array(a.map(sorted))
        default: return v
        }
    }

    static func same(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return sorted(a) == sorted(b)
    }

    /// The canonical request as JSON: `system`, `messages`, `parameters`, `tools`, `toolChoice`, `template`.
    static func json(_ input: InvokeInput) -> JSONValue {
        let r = input.request
        var o = JSONObject()
        o["system"] = .array(r.system.map(JSONValue.string))
        o["messages"] = .array(r.messages.map { m in
            ["role": .string(m.role.rawValue), "content": .array(m.content.map(block))]
        })
        var p = JSONObject()
        if let v = r.parameters.maxTokens { p["maxTokens"] = .number(Double(v)) }
        if let v = r.parameters.temperature { p["temperature"] = .number(v) }
        if let v = r.parameters.topP { p["topP"] = .number(v) }
        if let v = r.parameters.topK { p["topK"] = .number(Double(v)) }
        if !r.parameters.stopSequences.isEmpty { p["stopSequences"] = .array(r.parameters.stopSequences.map(JSONValue.string)) }
        if let v = r.parameters.seed { p["seed"] = .number(Double(v)) }
        o["parameters"] = .object(p)
        if !r.tools.isEmpty {
            o["tools"] = .array(r.tools.map { t in
                var spec = JSONObject([("name", .string(t.name)), ("inputSchema", t.inputSchema)])
                if let d = t.description { spec["description"] = .string(d) }
                return .object(spec)
            })
        }
        switch r.toolChoice {
        case .auto?: o["toolChoice"] = "auto"
        case .any?: o["toolChoice"] = "any"
        case .tool(let name)?: o["toolChoice"] = ["tool": .string(name)]
        case nil: break
        }
        if let raw = input.rawPrompt { o["template"] = .string(raw.template.rawValue) }
        return .object(o)
    }

    static func block(_ b: ContentBlock) -> JSONValue {
        switch b {
        case .text(let t): ["text": .string(t)]
        case .image(let m): ["image": ["format": .string(m.format), "bytes": .number(Double(m.bytes.count))]]
        case .video(let m): ["video": ["format": .string(m.format), "bytes": .number(Double(m.bytes.count))]]
        case .audio(let m): ["audio": ["format": .string(m.format)]]
        case .document(let d): ["document": ["name": .string(d.name), "text": .string(d.text)]]
        case .toolUse(let u): ["toolUse": ["id": .string(u.id), "name": .string(u.name), "input": u.input]]
        case .toolResult(let r):
            ["toolResult": ["id": .string(r.toolUseId), "status": r.status.map { .string($0.rawValue) } ?? .null,
                            "content": .array(r.content.map { c in
                                switch c {
                                case .text(let t): ["text": .string(t)]
                                case .json(let j): ["json": j]
                                case .image(let m): ["image": .string(m.format)]
                                case .document(let d): ["document": .string(d.text)]
                                }
                            })]]
        case .reasoning(let r): ["reasoning": .string(r.text)]
        case .guardContent(let t): ["guardContent": .string(t)]
        case .cachePoint: ["cachePoint": true]
        }
    }
}
