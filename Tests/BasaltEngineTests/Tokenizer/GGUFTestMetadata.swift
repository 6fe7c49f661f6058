import Foundation
import BasaltEngine

/// Test-only reader of a GGUF file's metadata (the engine's own GGUF reader lives elsewhere): enough to build a
/// `TokenizerVocabulary` and read the chat template of the test model without depending on that reader.
enum GGUFTestMetadata {
    enum Value {
        case int(Int64)
        case float(Double)
        case bool(Bool)
        case string(String)
        case array([Value])
        var int: Int64? { if case .int(let v) = self { v } else { nil } }
        var string: String? { if case .string(let v) = self { v } else { nil } }
        var bool: Bool? { if case .bool(let v) = self { v } else { nil } }
        var array: [Value]? { if case .array(let v) = self { v } else { nil } }
    }

    /// Path of the default test model, nil when it is absent (tests then skip).
    static var smolLM2Path: String? {
        let cache = ProcessInfo.processInfo.environment["BASALT_CACHE"] ?? "/root/.cache/basalt"
        let path = cache + "/models/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    struct Failure: Error { var reason: String }

    static func read(_ path: String) throws -> [String: Value] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        return try data.withUnsafeBytes { raw -> [String: Value] in
            var p = 0
            func u32() throws -> UInt32 {
                guard p + 4 <= raw.count else { throw Failure(reason: "truncated") }
                defer { p += 4 }
                return raw.loadUnaligned(fromByteOffset: p, as: UInt32.self)
            }
            func u64() throws -> UInt64 {
                guard p + 8 <= raw.count else { throw Failure(reason: "truncated") }
                defer { p += 8 }
                return raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)
            }
            func str() throws -> String {
                let n = Int(try u64())
                guard p + n <= raw.count else { throw Failure(reason: "truncated") }
                defer { p += n }
                return String(decoding: UnsafeRawBufferPointer(rebasing: raw[p..<p + n]), as: UTF8.self)
            }
            func value(_ type: UInt32) throws -> Value {
                switch type {
                case 0: defer { p += 1 }; return .int(Int64(raw[p]))
                case 1: defer { p += 1 }; return .int(Int64(Int8(bitPattern: raw[p])))
                case 2: defer { p += 2 }; return .int(Int64(raw.loadUnaligned(fromByteOffset: p, as: UInt16.self)))
                case 3: defer { p += 2 }; return .int(Int64(raw.loadUnaligned(fromByteOffset: p, as: Int16.self)))
                case 4: return .int(Int64(try u32()))
                case 5: return .int(Int64(Int32(bitPattern: try u32())))
                case 6: return .float(Double(Float(bitPattern: try u32())))
                case 7: defer { p += 1 }; return .bool(raw[p] != 0)
                case 8: return .string(try str())
                case 9:
                    let t = try u32()
                    let n = Int(try u64())
                    var items: [Value] = []
                    items.reserveCapacity(n)
                    for _ in 0..<n { items.append(try value(t)) }
                    return .array(items)
                case 10: return .int(Int64(bitPattern: try u64()))
                case 11: return .int(Int64(bitPattern: try u64()))
                case 12: return .float(Double(bitPattern: try u64()))
                default: throw Failure(reason: "unknown type \(type)")
                }
            }
            guard try u32() == 0x4655_4747 else { throw Failure(reason: "not GGUF") }
            _ = try u32()
            _ = try u64()
            let kvCount = try u64()
            var out: [String: Value] = [:]
            for _ in 0..<kvCount {
                let key = try str()
                out[key] = try value(try u32())
            }
            return out
        }
    }

    static func vocabulary(_ m: [String: Value]) -> TokenizerVocabulary {
        func id(_ k: String) -> Int32? { m["tokenizer.ggml." + k]?.int.map { Int32($0) } }
        return TokenizerVocabulary(
            model: m["tokenizer.ggml.model"]?.string ?? "gpt2",
            pre: m["tokenizer.ggml.pre"]?.string,
            tokens: m["tokenizer.ggml.tokens"]?.array?.compactMap(\.string) ?? [],
            tokenTypes: m["tokenizer.ggml.token_type"]?.array?.compactMap { $0.int.map { Int32($0) } } ?? [],
            scores: m["tokenizer.ggml.scores"]?.array?.compactMap { if case .float(let f) = $0 { Float(f) } else { nil } } ?? [],
            merges: m["tokenizer.ggml.merges"]?.array?.compactMap(\.string) ?? [],
            bosTokenId: id("bos_token_id"), eosTokenId: id("eos_token_id"), eotTokenId: id("eot_token_id"),
            unknownTokenId: id("unknown_token_id"), paddingTokenId: id("padding_token_id"),
            addBOS: m["tokenizer.ggml.add_bos_token"]?.bool ?? false,
            addEOS: m["tokenizer.ggml.add_eos_token"]?.bool ?? false,
            addSpacePrefix: m["tokenizer.ggml.add_space_prefix"]?.bool ?? false)
    }

    /// The SmolLM2 vocabulary and chat template, read once.
    static let smolLM2: (vocabulary: TokenizerVocabulary, chatTemplate: String)? = {
        guard let path = smolLM2Path, let m = try? read(path) else { return nil }
        return (vocabulary(m), m["tokenizer.chat_template"]?.string ?? "")
    }()
}
