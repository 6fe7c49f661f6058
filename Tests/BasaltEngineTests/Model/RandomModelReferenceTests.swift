import Foundation
import Testing
@testable import BasaltEngine

/// Logits of tiny random-weight llama models against reference_forward.py (float64 numpy, weights
/// dequantized by the gguf package): one model per tensor type and one per RoPE scaling variant, all
/// written by make_random_llama.py into a temporary directory when the suite first needs them.
///
/// Tolerances (logits have a standard deviation near 1 and maxima near 3):
/// - exact activations, and F32/F16/BF16 weights in either mode (those products never round the
///   activations): float32 arithmetic against float64, so 1e-4 absolute (seen: at most 5e-6), and the
///   same argmax.
/// - the fast path with quantized weights rounds every activation row to 8 bits per block (scale
///   max|x|/127, as llama.cpp does). Against the unrounded reference that rounding shows (seen: up to
///   0.2 absolute, 1.4–5 % relative RMS): relative RMS under 10 % and the engine's top token among the
///   reference's top 3. Against the reference run with the same rounding (`--round-activations`) it
///   agrees to float noise (seen: 1e-6) unless that noise moves an activation across a rounding boundary,
///   and one such flip moves the logits of these small random models by up to about 0.05: 0.1 absolute
///   and a relative RMS under 2.5 % (a missing rounding shows 1.4–5 %; a 2 % error in Q4_1's block
///   minimum in the AVX2 product, tried once, showed 19 %).
@Suite("Random-weight llama models vs numpy reference", .serialized,
       .enabled(if: PythonReference.isAvailable))
struct RandomModelReferenceTests {
    /// The generated models' directory, written once per test process.
    static let directory: Result<String, any Error> = Result {
        let path = EngineFixtures.temporaryPath("random-llama")
        try EngineFixtures.python("make_random_llama.py", [path])
        return path
    }

    static let prompt: [Int32] = [1, 5, 17, 299, 42, 100, 7, 250, 3, 3, 3, 81, 64, 200, 150, 11, 12, 13, 99, 0,
                                  298, 33, 44, 55]
    static let tensorTypes: [GGMLType] = [.f32, .f16, .bf16, .q8_0, .q4_0, .q4_1, .q5_0, .q5_1, .q4_K, .q5_K, .q6_K]
    static let ropeVariants = ["none", "linear", "yarn", "yarn-custom", "freqs"]

    private static func path(_ name: String) throws -> String {
        try directory.get() + "/\(name).gguf"
    }

    private static func reference(_ name: String, roundedActivations: Bool = false) throws -> [Float] {
        let out = try directory.get() + "/\(name)\(roundedActivations ? "-rounded" : "").f32"
        if !FileManager.default.fileExists(atPath: out) {
            try EngineFixtures.python("reference_forward.py", (roundedActivations ? ["--round-activations"] : [])
                                      + [try path(name), out] + prompt.map(String.init))
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    /// Last-token logits of the prompt run at once and in two pieces through the cache.
    private static func logits(_ name: String, exact: Bool) throws -> (whole: [Float], split: [Float]) {
        let model = try LlamaModel.load(try GGUFFile(path: try path(name)),
                                        options: .init(halfPrecisionCache: false, threads: 2, exactActivations: exact))
        let whole = try model.forward([DecodeStep(cache: model.makeCache(capacity: 32), tokens: prompt)])[0]
        let cache = model.makeCache(capacity: 32)
        _ = try model.forward([DecodeStep(cache: cache, tokens: Array(prompt.prefix(17)))])
        let split = try model.forward([DecodeStep(cache: cache, tokens: Array(prompt.dropFirst(17)))])[0]
        return (whole, split)
    }

    private static func maxDiff(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { abs($0 - $1) }.max() ?? .infinity
    }

    private static func relativeRMS(_ a: [Float], _ b: [Float]) -> Float {
        let num = zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
        let den = b.map { $0 * $0 }.reduce(0, +)
        return (num / den).squareRoot()
    }

    private static func top(_ x: [Float], _ k: Int) -> [Int] {
        Array(x.indices.sorted { x[$0] > x[$1] }.prefix(k))
    }

    private static func check(_ name: String, exact: Bool, quantizedActivations: Bool) throws {
        let expected = try reference(name)
        let fastQuantized = !exact && quantizedActivations
        let rounded = fastQuantized ? try reference(name, roundedActivations: true) : expected
        let (whole, split) = try logits(name, exact: exact)
        #expect(whole.count == 300 && expected.count == 300)
        for (label, actual) in [("whole", whole), ("split", split)] {
            let context = "\(name) exact=\(exact) \(label)"
            let diff = maxDiff(actual, rounded), rms = relativeRMS(actual, rounded)
            let unroundedRMS = relativeRMS(actual, expected)
            print("\(context): max |diff| \(diff), relative RMS \(rms)"
                  + (fastQuantized ? " (same rounding); unrounded reference: relative RMS \(unroundedRMS)" : ""))
            if fastQuantized {
                #expect(diff < 0.1, "\(context): max |logit diff| \(diff) vs the rounded reference")
                #expect(rms < 0.025, "\(context): relative RMS \(rms) vs the rounded reference")
                #expect(unroundedRMS < 0.1, "\(context): relative RMS \(unroundedRMS) vs the reference")
                #expect(top(expected, 3).contains(top(actual, 1)[0]), "\(context)")
            } else {
                #expect(diff < 1e-4, "\(context): max |logit diff| \(diff)")
                #expect(top(actual, 1) == top(expected, 1), "\(context)")
            }
        }
    }

    @Test("logits match the numpy reference for every tensor type", arguments: tensorTypes, [true, false])
    func tensorType(type: GGMLType, exact: Bool) throws {
        let name = "random-\(type)"
        let file = try GGUFFile(path: try Self.path(name))
        #expect(file.tensor("blk.1.ffn_down.weight")?.type == type)
        #expect(file.tensor("token_embd.weight")?.type == type)
        try Self.check(name, exact: exact, quantizedActivations: ![.f32, .f16, .bf16].contains(type))
    }

    @Test("logits match the numpy reference for every RoPE scaling variant", arguments: ropeVariants, [true, false])
    func ropeVariant(variant: String, exact: Bool) throws {
        // F16 weights: the products take the activations as they are, so both modes are float-exact.
        try Self.check("rope-\(variant)", exact: exact, quantizedActivations: false)
    }

    /// The variants share their weights, so their references must differ by far more than the
    /// tolerance: otherwise the comparisons above could not tell one RoPE variant from another.
    @Test("the RoPE variants' references are far apart")
    func variantsDiffer() throws {
        let references = try Self.ropeVariants.map { try Self.reference("rope-\($0)") }
        for i in references.indices {
            for j in references.indices where j > i {
                let diff = Self.maxDiff(references[i], references[j])
                #expect(diff > 0.2, "\(Self.ropeVariants[i]) vs \(Self.ropeVariants[j]): \(diff)")
            }
        }
    }

    @Test("RoPE scaling metadata is read as llama.cpp reads it")
    func scalingMetadata() throws {
        func config(_ variant: String) throws -> LlamaConfig {
            try LlamaConfig(try GGUFFile(path: try Self.path("rope-\(variant)")))
        }
        let none = try config("none")  // explicit `none` ignores the factor
        #expect(none.ropeScaling == .none && none.ropeFreqScale == 1 && none.ropeMagnitude == 1)
        let linear = try config("linear")
        #expect(linear.ropeScaling == .linear && linear.ropeFreqScale == 0.25 && linear.yarnExtFactor == 0)
        #expect(linear.ropeMagnitude == 1)
        let plain = try config("freqs")  // no type key: linear with factor 1
        #expect(plain.ropeScaling == .linear && plain.ropeFreqScale == 1)

        // YaRN defaults; correction range by hand: 64·ln(256 / (32·2π)) / (2·ln 10⁴) = 0.84 → 0 and
        // 64·ln(256 / 2π) / (2·ln 10⁴) = 12.9 → 13.
        let yarn = try config("yarn")
        #expect(yarn.ropeScaling == .yarn && yarn.ropeFreqScale == 0.25 && yarn.ropeOriginalContextLength == 256)
        #expect(yarn.yarnExtFactor == 1 && yarn.yarnBetaFast == 32 && yarn.yarnBetaSlow == 1)
        #expect(yarn.yarnCorrectionDimensions == (0, 13))
        #expect(abs(yarn.ropeMagnitude - 1.1386294) < 1e-6)  // 1 + 0.1·ln 4
        let freqs = yarn.ropeFrequencies()
        #expect(freqs.count == 32 && freqs[0] == 1)  // below the range: the original frequency
        for i in 13..<32 {  // above it: interpolated by 1/4
            let theta = Float(pow(10_000.0, -Double(2 * i) / 64))
            #expect(abs(freqs[i] - theta / 4) <= 1e-6 * theta)
        }
        // Pair 6 on the ramp from 0 to 13: extrapolation mix 1 − 6/13 = 7/13, so θ·(¼·6/13 + 7/13).
        let mid = Float(pow(10_000.0, -Double(2 * 6) / 64)) * (0.25 * (6.0 / 13) + (7.0 / 13))
        #expect(abs(freqs[6] - mid) <= 1e-6 * mid)

        // Explicit parameters: 64·ln(256 / (16·2π)) / 18.42 = 3.2 → 3; 64·ln(256 / (2·2π)) / 18.42 = 10.5 → 11.
        let custom = try config("yarn-custom")
        #expect(custom.yarnExtFactor == 0.5 && custom.yarnBetaFast == 16 && custom.yarnBetaSlow == 2)
        #expect(custom.yarnCorrectionDimensions == (3, 11))
        #expect(abs(custom.ropeMagnitude - 0.99 * 1.1386294) < 1e-5)  // 1.1 · 0.9 · (1 + 0.1·ln 4)
    }

    @Test("an unsupported RoPE scaling type is a clear error")
    func unsupportedScaling() throws {
        let file = try GGUFFile(path: try Self.path("rope-longrope"))
        do {
            _ = try LlamaModel.load(file)
            Issue.record("longrope loaded")
        } catch let error as GGUFError {
            #expect(error.description.contains("longrope") && error.description.contains("yarn"))
        }
    }
}

/// Whether the Python references can run here.
private enum PythonReference {
    /// True when `python3` can import gguf and numpy (CI always can); the suite is skipped otherwise.
    static let isAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import gguf, numpy"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()
}
