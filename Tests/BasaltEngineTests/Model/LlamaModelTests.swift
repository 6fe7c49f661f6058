import Foundation
import Testing
@testable import BasaltEngine

@Suite("Llama model", .serialized, .enabled(if: EngineFixtures.hasSmolLM))
struct LlamaModelTests {
    /// "The capital of France is" in SmolLM2's vocabulary.
    static let prompt: [Int32] = [504, 3575, 282, 4649, 314]

    static let model: Result<LlamaModel, any Error> = Result {
        try LlamaModel.load(try EngineFixtures.smolLM.get(), options: .init(halfPrecisionCache: false, threads: 2))
    }

    private func reference(_ tokens: [Int32]) throws -> [Float] {
        let out = EngineFixtures.temporaryPath("logits-\(tokens.count).f32")
        let file = try EngineFixtures.smolLM.get()
        try EngineFixtures.python("reference_forward.py", [file.path, out] + tokens.map(String.init))
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    private func top(_ logits: [Float], _ k: Int) -> [Int] {
        Array(logits.indices.sorted { logits[$0] > logits[$1] }.prefix(k))
    }

    @Test("configuration from metadata")
    func configuration() throws {
        let model = try Self.model.get()
        let c = model.config
        #expect(c.blockCount == 30 && c.embeddingLength == 576 && c.headCount == 9 && c.headCountKV == 3)
        #expect(c.headDimension == 64 && c.feedForwardLength == 1536 && c.ropeFreqBase == 100_000)
        #expect(model.vocabularySize == 49152 && model.contextLength == 8192)
        #expect(model.outputMatrix.name == "token_embd.weight")  // tied output
    }

    @Test("logits match an independent numpy forward pass")
    func logitsMatchReference() throws {
        let model = try Self.model.get()
        let cache = model.makeCache(capacity: 16)
        let logits = try model.forward([DecodeStep(cache: cache, tokens: Self.prompt)])[0]
        #expect(cache.count == Self.prompt.count)
        #expect(logits.count == 49152)

        // Float64 reference. The fast path rounds activations to 8-bit blocks (as llama.cpp does), which
        // moves logits by a few tenths; the exact-activation mode must agree to float precision.
        let expected = try reference(Self.prompt)
        let diff = zip(logits, expected).map { abs($0 - $1) }.max()!
        #expect(top(logits, 1) == top(expected, 1))
        #expect(Set(top(logits, 5)).intersection(top(expected, 5)).count >= 4)
        #expect(diff < 1.0, "max |logit diff| vs reference: \(diff)")
        #expect(top(logits, 1) == [7042])  // " Paris"

        let file = try EngineFixtures.smolLM.get()
        let exactModel = try LlamaModel.load(file, options: .init(halfPrecisionCache: false, exactActivations: true))
        let exact = try exactModel.forward([DecodeStep(cache: exactModel.makeCache(capacity: 8), tokens: Self.prompt)])[0]
        let exactDiff = zip(exact, expected).map { abs($0 - $1) }.max()!
        #expect(top(exact, 5) == top(expected, 5))
        #expect(exactDiff < 2e-3, "max |logit diff| of exact mode vs reference: \(exactDiff)")
        print("SmolLM2 logits vs numpy: max abs diff \(diff) (8-bit activations), \(exactDiff) (exact)")
    }

    static let exactModel: Result<LlamaModel, any Error> = Result {
        try LlamaModel.load(try EngineFixtures.smolLM.get(),
                            options: .init(halfPrecisionCache: false, threads: 2, exactActivations: true))
    }

    /// The fast path computes everything per token in a fixed order (see BatchInvarianceTests for the
    /// thorough version), so batching must not change a single bit there. Exact mode (a slow reference)
    /// only promises float noise.
    @Test("batched, incremental and separate forward passes agree", arguments: [true, false])
    func batchingIsConsistent(exact: Bool) throws {
        // Holds the kernel-path lock: a suite forcing the scalar path meanwhile would change the numbers.
        try KernelPath.run(scalar: false) {
            let model = try (exact ? Self.exactModel : Self.model).get()
            let tolerance: Float = exact ? 1e-3 : 0
            // Whole prompt at once.
            let whole = model.makeCache(capacity: 16)
            let expected = try model.forward([DecodeStep(cache: whole, tokens: Self.prompt)])[0]
            let next = try model.forward([DecodeStep(cache: whole, tokens: [7042])])[0]

            // Incremental: 3 tokens, then 1, then 1, mixed with another sequence in the same calls.
            let a = model.makeCache(capacity: 16), b = model.makeCache(capacity: 16)
            _ = try model.forward([DecodeStep(cache: a, tokens: Array(Self.prompt.prefix(3)))])
            let mixed1 = try model.forward([DecodeStep(cache: b, tokens: [1, 504, 3575]),
                                            DecodeStep(cache: a, tokens: [Self.prompt[3]])])
            let mixed2 = try model.forward([DecodeStep(cache: a, tokens: [Self.prompt[4]]),
                                            DecodeStep(cache: b, tokens: [282])])
            #expect(mixed1.count == 2 && mixed2.count == 2)
            #expect(zip(mixed2[0], expected).map { abs($0 - $1) }.max()! <= tolerance)
            #expect(top(mixed2[0], 1) == top(expected, 1))
            if exact { #expect(top(mixed2[0], 5) == top(expected, 5)) }

            let alone = model.makeCache(capacity: 16)
            let separate = try model.forward([DecodeStep(cache: alone, tokens: [1, 504, 3575, 282])])[0]
            #expect(zip(mixed2[1], separate).map { abs($0 - $1) }.max()! <= tolerance)
            #expect(top(mixed2[1], 1) == top(separate, 1))

            // Truncation then re-decoding reproduces the same logits.
            whole.truncate(to: 5)
            #expect(whole.count == 5)
            let again = try model.forward([DecodeStep(cache: whole, tokens: [7042])])[0]
            #expect(zip(again, next).map { abs($0 - $1) }.max()! < 1e-4)  // same path, same numbers
        }
    }

    @Test("F16 cache stays close to F32")
    func halfPrecisionCache() throws {
        let file = try EngineFixtures.smolLM.get()
        var logits: [[Float]] = []
        for half in [true, false] {  // exact activations, so only the cache precision differs
            let model = try LlamaModel.load(file, options: .init(halfPrecisionCache: half, exactActivations: true))
            logits.append(try model.forward([DecodeStep(cache: model.makeCache(capacity: 8), tokens: Self.prompt)])[0])
        }
        #expect(top(logits[0], 5) == top(logits[1], 5))
        #expect(zip(logits[0], logits[1]).map { abs($0 - $1) }.max()! < 0.05)
    }

    @Test("rejects bad tokens, full caches and foreign caches")
    func errors() throws {
        let model = try Self.model.get()
        let cache = model.makeCache(capacity: 4)
        #expect(throws: DecoderError.self) { try model.forward([DecodeStep(cache: cache, tokens: [49152])]) }
        #expect(throws: DecoderError.self) { try model.forward([DecodeStep(cache: cache, tokens: [-1])]) }
        #expect(throws: DecoderError.self) { try model.forward([DecodeStep(cache: cache, tokens: [1, 2, 3, 4, 5])]) }
        #expect(throws: DecoderError.self) { try model.forward([DecodeStep(cache: cache, tokens: [])]) }
        #expect(throws: DecoderError.self) {
            try model.forward([DecodeStep(cache: cache, tokens: [1]), DecodeStep(cache: cache, tokens: [2])])
        }
        let other = try LlamaModel.load(try EngineFixtures.smolLM.get(), options: .init(threads: 1))
        #expect(throws: DecoderError.self) {
            try model.forward([DecodeStep(cache: other.makeCache(capacity: 4), tokens: [1])])
        }
        #expect(cache.count == 0)
    }

    @Test("unsupported architecture is a clear error")
    func unsupportedArchitecture() throws {
        let file = try EngineFixtures.quantFixture.get()
        #expect(throws: GGUFError.unsupportedArchitecture("mamba")) { try LlamaModel.load(file) }
        #expect(GGUFError.unsupportedArchitecture("mamba").description.contains("mamba"))
    }
}
