import BasaltCore
import Testing

@testable import BasaltEngine

/// A stand-in "model": random logits over a byte-level vocabulary (every single byte, plus multi-byte
/// tokens such as a tokenizer would have, an empty-bytes token and an end-of-generation token), driven
/// through ``Sampler`` and a constraint. Whatever the logits, the output must parse and validate.
private struct FakeModel {
    static let multiByte: [String] = [
        #"{""#, #"{"name": ""#, #"""#, #"":"#, #"": "#, #"", ""#, #"", "arguments": {"#, "name", "arguments",
        "get_weather", "search", "location", "query", "filters", "lang", "unit", "celsius", "fahrenheit", "days",
        "tags", "true", "false", "null", "nul", " {", "{}", "}}", "}\n", "]}", "[]", #"[""#, #""]"#, ", ", ": ",
        "  ", "\n", "\\u00e9", "\\ud83d", "\\ude00", "\\n", "\\\"", "12", "-3", ".5", "e-", "E+2", "0.", "Paris",
        " the", "é", "😀", "</tool_call>", "\n</tool_call>", "<|im_end|>", "echo", "now", #""x""#,
    ]
    let tokens: [[UInt8]]
    let endToken: Int32
    let emptyToken: Int32
    /// Tokens made only of closing punctuation get a bias so random generations terminate.
    let bias: [Float]

    init() {
        var t = (0..<256).map { [UInt8($0)] }
        t += Self.multiByte.map { Array($0.utf8) }
        t += [[0xE2, 0x82], [0xAC], [0xF0, 0x9F]]  // UTF-8 split across tokens
        emptyToken = Int32(t.count)
        t.append([])
        endToken = Int32(t.count)
        t.append(Array("<|endoftext|>".utf8))
        tokens = t
        bias = t.map { bytes in
            guard let b = bytes.first else { return 0 }
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "}"), UInt8(ascii: "]"): return 3
            case UInt8(ascii: "\n"), UInt8(ascii: "<"): return 2
            case UInt8(ascii: "{"), UInt8(ascii: "["): return -2
            default: return 0
            }
        }
    }

    func logits(_ rng: inout Xoshiro256) -> [Float] {
        bias.map { $0 + Float(rng.nextUnit() * 8 - 4) }
    }

    /// Generates until the constraint completes; nil if it did not within `limit` tokens.
    func generate(_ constraint: some TokenConstraint, _ params: GenerationParameters, seed: UInt64, limit: Int = 4000)
        -> [UInt8]?
    {
        var c = constraint
        var sampler = Sampler(parameters: params)
        var noise = Xoshiro256(seed: seed ^ 0xDEAD_BEEF)
        var out: [UInt8] = []
        for _ in 0..<limit {
            if c.isComplete { return out }
            let l = logits(&noise)
            let tok = l.withUnsafeBufferPointer {
                sampler.sample(logits: $0, constraint: &c, banned: [endToken], tokenBytes: { tokens[Int($0)] })
            }
            guard let tok else {
                Issue.record("dead end after \(String(decoding: out, as: UTF8.self).debugDescription)")
                return nil
            }
            #expect(tok != endToken && tok != emptyToken)
            out += tokens[Int(tok)]
        }
        return c.isComplete ? out : nil
    }
}

@Suite struct ConstrainedGenerationTests {
    private let model = FakeModel()
    let tools = [weatherTool, searchTool, noArgsTool, anyArgsTool]

    private func params(_ i: Int) -> GenerationParameters {
        switch i % 4 {
        case 0: GenerationParameters(temperature: 0)
        case 1: GenerationParameters(seed: UInt64(i))  // defaults
        case 2: GenerationParameters(temperature: 1.5, topP: 1, topK: 0, seed: UInt64(i))
        default: GenerationParameters(temperature: 0.7, topP: 0.5, topK: 5, seed: UInt64(i))
        }
    }

    @Test func toolCallsAlwaysParseAndValidate() throws {
        var names = Set<String>()
        for i in 0..<160 {
            let forced = i % 5 == 4 ? "search" : nil
            let out = model.generate(ToolCallConstraint(tools: tools, forcedName: forced), params(i), seed: UInt64(i))
            guard let out else {
                Issue.record("seed \(i): did not complete")
                continue
            }
            let tag = Array(ToolCallConstraint.closingTag.utf8)
            #expect(out.suffix(tag.count) == tag[...])
            let text = String(decoding: out.dropLast(tag.count), as: UTF8.self)
            let call = try JSONValue.parse(Array(out.dropLast(tag.count)))
            let name = try #require(call["name"]?.stringValue, "\(text)")
            let tool = try #require(tools.first { $0.name == name }, "\(text)")
            if let forced { #expect(name == forced) }
            #expect(call.objectValue?.keys == ["name", "arguments"])
            #expect(validates(try #require(call["arguments"]), tool.inputSchema), "\(text)")
            names.insert(name)
        }
        #expect(names.count >= 3)  // the sampler really explores
    }

    @Test func structuredOutputAlwaysValidates() throws {
        let schema: JSONValue = [
            "type": "object",
            "properties": [
                "id": ["type": "integer"],
                "score": ["type": "number"],
                "label": ["enum": ["cat", "dog", "catfish"]],
                "tags": ["type": "array", "items": ["type": "string", "maxLength": 8], "maxItems": 4],
                "owner": [
                    "type": ["object", "null"],
                    "properties": ["name": ["type": "string", "minLength": 1], "vip": ["type": "boolean"]],
                    "required": ["name"], "additionalProperties": false,
                ],
                "extra": [:],
            ],
            "required": ["id", "label", "owner"],
            "additionalProperties": false,
        ]
        for i in 0..<120 {
            guard let out = model.generate(JSONConstraint(schema: schema), params(i), seed: UInt64(1000 + i)) else {
                Issue.record("seed \(i): did not complete")
                continue
            }
            let value = try JSONValue.parse(out)
            #expect(validates(value, schema), "\(String(decoding: out, as: UTF8.self))")
        }
    }
}
