import Foundation
import Testing
@testable import BasaltEngine

@Suite("GGUF reader")
struct GGUFFileTests {
    @Test("SmolLM2 header matches the gguf package's reader", .enabled(if: EngineFixtures.hasSmolLM))
    func smolLMMatchesPythonReader() throws {
        let file = try EngineFixtures.smolLM.get()
        let json = EngineFixtures.temporaryPath("smollm-dump.json")
        try EngineFixtures.python("dump_gguf.py", [file.path, json])
        let dump = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as! [String: Any]
        let metadata = dump["metadata"] as! [String: Any]

        #expect(file.version == 3)
        #expect(file.dataOffset == dump["data_offset"] as! Int)
        #expect(Set(file.metadata.keys) == Set(metadata.keys))
        for (key, expected) in metadata {
            let value = try #require(file.value(key), "missing \(key)")
            if let array = expected as? [String: Any] {
                let actual = try #require(value.arrayValue, "\(key) is not an array")
                #expect(actual.count == array["count"] as! Int, "\(key)")
                let head = array["head"] as! [Any]
                for (i, h) in head.enumerated() { #expect(same(actual[i], h), "\(key)[\(i)]") }
                if let last = actual.last { #expect(same(last, array["tail"]!), "\(key) last") }
            } else {
                #expect(same(value, expected), "\(key): \(value) vs \(expected)")
            }
        }
        let tensors = dump["tensors"] as! [[String: Any]]
        #expect(file.tensors.count == tensors.count)
        for (info, expected) in zip(file.tensors, tensors) {
            #expect(info.name == expected["name"] as! String)
            #expect(info.type.rawValue == UInt32(expected["type"] as! Int))
            #expect(info.dimensions == expected["dims"] as! [Int])
            #expect(info.offset == expected["offset"] as! Int)
        }
    }

    @Test("SmolLM2 accessors and tokenizer vocabulary", .enabled(if: EngineFixtures.hasSmolLM))
    func smolLMAccessors() throws {
        let file = try EngineFixtures.smolLM.get()
        #expect(file.architecture == "llama")
        #expect(file.alignment == 32)
        #expect(file.int("llama.block_count") == 30)
        #expect(file.float("llama.rope.freq_base") == 100_000)
        #expect(file.chatTemplate?.contains("<|im_start|>") == true)
        #expect(file.tensor("token_embd.weight")?.type == .q8_0)
        #expect(file.tensor("blk.0.attn_q.weight")?.type == .q4_1)

        let vocab = try file.tokenizerVocabulary()
        #expect(vocab.model == "gpt2")
        #expect(vocab.pre == "smollm")
        #expect(vocab.tokens.count == 49152)
        #expect(vocab.tokens[1] == "<|im_start|>")
        #expect(vocab.tokenTypes.count == 49152 && vocab.tokenTypes[0] == 3 && vocab.tokenTypes[1000] == 1)
        #expect(vocab.merges.count == 48900 && vocab.merges[0] == "Ġ t")
        #expect(vocab.scores.isEmpty)
        #expect(vocab.bosTokenId == 1 && vocab.eosTokenId == 2 && vocab.unknownTokenId == 0)
        #expect(vocab.paddingTokenId == 2 && vocab.eotTokenId == nil)
        #expect(!vocab.addBOS && !vocab.addEOS && !vocab.addSpacePrefix)
    }

    @Test("every metadata value type, alignment 64")
    func fixtureMetadata() throws {
        let file = try EngineFixtures.quantFixture.get()
        #expect(file.alignment == 64)
        #expect(file.dataOffset % 64 == 0)
        #expect(file.architecture == "mamba")
        #expect(file.value("test.u8") == .uint8(200))
        #expect(file.value("test.i8") == .int8(-100))
        #expect(file.value("test.u16") == .uint16(60000))
        #expect(file.value("test.i16") == .int16(-30000))
        #expect(file.value("test.u32") == .uint32(4_000_000_000))
        #expect(file.value("test.i32") == .int32(-2_000_000_000))
        #expect(file.value("test.u64") == .uint64(1 << 40))
        #expect(file.value("test.i64") == .int64(-(1 << 40)))
        #expect(file.value("test.f32") == .float32(0.25))
        #expect(file.value("test.f64") == .float64(-1.5e300))
        #expect(file.bool("test.bool") == true)
        #expect(file.string("test.string") == "héllo ✓")
        #expect(file.stringArray("test.strings") == ["a", "", "ünï"])
        #expect(file.intArray("test.ints") == [1, -2, 3])
        #expect(file.floatArray("test.floats") == [0.5, -0.25])
        #expect(file.int("test.i64") == -(1 << 40))
        #expect(file.string("test.u8") == nil)
        #expect(file.chatTemplate == nil)
        let info = try #require(file.tensor("w.Q4_K"))
        #expect(info.dimensions == [512, 6] && info.type == .q4_K && info.byteCount == 6 * 2 * 144)
    }

    @Test("rejects missing files, bad magic, old versions and truncation")
    func errors() throws {
        #expect(throws: GGUFError.self) { try GGUFFile(path: "/nonexistent/model.gguf") }

        let junk = EngineFixtures.temporaryPath("junk.gguf")
        try Data(repeating: 0x41, count: 64).write(to: URL(fileURLWithPath: junk))
        #expect(throws: GGUFError.badMagic(junk)) { try GGUFFile(path: junk) }

        var v1 = Data("GGUF".utf8)
        v1.append(contentsOf: [1, 0, 0, 0] + [UInt8](repeating: 0, count: 24))
        let old = EngineFixtures.temporaryPath("v1.gguf")
        try v1.write(to: URL(fileURLWithPath: old))
        #expect(throws: GGUFError.unsupportedVersion(1)) { try GGUFFile(path: old) }
        #expect(GGUFError.unsupportedVersion(1).description.contains("version 1"))

        let full = try EngineFixtures.quantFixture.get()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: full.path))
        let cut = EngineFixtures.temporaryPath("cut.gguf")
        try bytes.prefix(700).write(to: URL(fileURLWithPath: cut))
        #expect(throws: GGUFError.self) { try GGUFFile(path: cut) }
        try bytes.prefix(bytes.count - 100).write(to: URL(fileURLWithPath: cut))  // header fine, data short
        #expect(throws: GGUFError.self) { try GGUFFile(path: cut) }
    }

    /// Compares a parsed value with a JSON value from the Python reader.
    private func same(_ value: GGUFValue, _ json: Any) -> Bool {
        switch value {
        case .string(let s): return s == json as? String
        case .bool(let b): return b == json as? Bool
        case .float32, .float64:
            guard let d = (json as? NSNumber)?.doubleValue, let v = value.floatValue else { return false }
            return abs(d - v) <= 1e-6 * max(1, abs(d))
        default:
            guard let i = value.intValue, let n = json as? NSNumber else { return false }
            return i == n.intValue
        }
    }
}
