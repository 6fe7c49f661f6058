import Foundation

/// Hyper-parameters of a llama-architecture model, read from `llama.*` GGUF metadata.
public struct LlamaConfig: Sendable, Hashable {
    public var blockCount: Int
    public var embeddingLength: Int
    public var feedForwardLength: Int
    public var headCount: Int
    public var headCountKV: Int
    public var headDimension: Int
    public var ropeDimension: Int
    public var contextLength: Int
    public var vocabularySize: Int
    public var rmsEpsilon: Float
    public var ropeFreqBase: Float
    /// How RoPE angles are stretched beyond the training context (`rope.scaling.type`).
    public var ropeScaling: RopeScaling
    /// Interpolation factor s = 1 / `rope.scaling.factor` (1 when unscaled): interpolated angles are
    /// multiplied by it.
    public var ropeFreqScale: Float
    /// YaRN: context length the model was trained with before extension (`rope.scaling.original_context_length`).
    public var ropeOriginalContextLength: Int
    /// YaRN extrapolation mix (`rope.scaling.yarn_ext_factor`; default 1 for YaRN, 0 otherwise, as llama.cpp).
    public var yarnExtFactor: Float
    /// Factor on the rotated values (`rope.scaling.attn_factor` × `rope.scaling.yarn_attn_factor`, default 1).
    public var ropeAttnFactor: Float
    /// YaRN: pairs turning more often than this over the original context keep their frequency
    /// (`rope.scaling.yarn_beta_fast`, default 32).
    public var yarnBetaFast: Float
    /// YaRN: pairs turning less often than this are fully interpolated (`rope.scaling.yarn_beta_slow`, default 1).
    public var yarnBetaSlow: Float

    /// RoPE scaling variants (`{arch}.rope.scaling.type`).
    public enum RopeScaling: String, Sendable, Hashable, CaseIterable {
        /// Plain RoPE (the explicit type `none` ignores any factor, as llama.cpp does).
        case none
        /// Position interpolation: every angle times 1 / factor (also the default when the type key is absent).
        case linear
        /// YaRN (arXiv 2309.00071): interpolate low frequencies, keep high ones, scale magnitudes.
        case yarn
    }

    /// Architectures this engine implements.
    public static let supportedArchitectures: Set<String> = ["llama"]

    /// Reads the configuration; throws for other architectures or missing keys.
    public init(_ file: GGUFFile) throws {
        let arch = file.architecture
        guard Self.supportedArchitectures.contains(arch) else { throw GGUFError.unsupportedArchitecture(arch) }
        func required(_ key: String) throws -> Int {
            guard let v = file.int("\(arch).\(key)"), v > 0 else { throw GGUFError.missingKey("\(arch).\(key)") }
            return v
        }
        blockCount = try required("block_count")
        embeddingLength = try required("embedding_length")
        feedForwardLength = try required("feed_forward_length")
        headCount = try required("attention.head_count")
        headCountKV = file.int("\(arch).attention.head_count_kv") ?? headCount
        headDimension = file.int("\(arch).attention.key_length") ?? embeddingLength / headCount
        ropeDimension = file.int("\(arch).rope.dimension_count") ?? headDimension
        contextLength = file.int("\(arch).context_length") ?? 2048
        rmsEpsilon = file.float("\(arch).attention.layer_norm_rms_epsilon") ?? 1e-5
        ropeFreqBase = file.float("\(arch).rope.freq_base") ?? 10_000
        vocabularySize = file.int("\(arch).vocab_size")
            ?? file.array("tokenizer.ggml.tokens")?.count
            ?? file.tensor("token_embd.weight")?.rowCount ?? 0

        // Scaling: llama.cpp's reading (llama_model::load_hparams + llama_context): an absent type means
        // linear with `rope.scaling.factor` (or the older `rope.scale_linear`); a factor of 0 means 1.
        let scalingKey = "\(arch).rope.scaling.type"
        let scalingName = file.string(scalingKey) ?? RopeScaling.linear.rawValue
        guard let scaling = RopeScaling(rawValue: scalingName) else {
            throw GGUFError.wrongKeyType(scalingKey, expected: "a supported RoPE scaling type: "
                + RopeScaling.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ") + " (got '\(scalingName)')")
        }
        let factor = file.float("\(arch).rope.scaling.factor") ?? file.float("\(arch).rope.scale_linear") ?? 0
        guard factor >= 0, factor.isFinite else {
            throw GGUFError.wrongKeyType("\(arch).rope.scaling.factor", expected: "a non-negative number")
        }
        ropeScaling = scaling
        ropeFreqScale = scaling == .none || factor == 0 ? 1 : 1 / factor
        ropeOriginalContextLength = file.int("\(arch).rope.scaling.original_context_length") ?? contextLength
        let ext = file.float("\(arch).rope.scaling.yarn_ext_factor") ?? -1  // negative: not set
        yarnExtFactor = ext >= 0 ? ext : (scaling == .yarn ? 1 : 0)
        ropeAttnFactor = (file.float("\(arch).rope.scaling.attn_factor") ?? 1)
            * (file.float("\(arch).rope.scaling.yarn_attn_factor") ?? 1)
        yarnBetaFast = file.float("\(arch).rope.scaling.yarn_beta_fast") ?? 32
        yarnBetaSlow = file.float("\(arch).rope.scaling.yarn_beta_slow") ?? 1
        guard ropeOriginalContextLength > 0 else {
            throw GGUFError.wrongKeyType("\(arch).rope.scaling.original_context_length", expected: "positive")
        }
        guard headCount % headCountKV == 0, headCountKV > 0 else {
            throw GGUFError.wrongKeyType("\(arch).attention.head_count_kv", expected: "a divisor of head_count")
        }
        guard ropeDimension <= headDimension, ropeDimension % 2 == 0 else {
            throw GGUFError.wrongKeyType("\(arch).rope.dimension_count", expected: "even and at most the head size")
        }
        guard vocabularySize > 0 else { throw GGUFError.missingKey("\(arch).vocab_size") }
    }

    var queryDimension: Int { headCount * headDimension }
    var kvDimension: Int { headCountKV * headDimension }

    /// YaRN's correction range: the rotated pairs from `low` (fully extrapolated below it) to `high`
    /// (fully interpolated above it), i.e. the pairs that turn `yarnBetaFast` and `yarnBetaSlow` times
    /// over the original context (ggml's `ggml_rope_yarn_corr_dims`, in Float as ggml computes it).
    public var yarnCorrectionDimensions: (low: Float, high: Float) {
        let dims = Float(ropeDimension), context = Float(ropeOriginalContextLength), base = ropeFreqBase
        func dimension(rotations: Float) -> Float {
            dims * log(context / (rotations * 2 * Float.pi)) / (2 * log(base))
        }
        return (max(0, dimension(rotations: yarnBetaFast).rounded(.down)),
                min(dims - 1, dimension(rotations: yarnBetaSlow).rounded(.up)))
    }

    /// The angle per position of each rotated pair i: θᵢ / fᵢ · (s·(1 − rᵢ) + rᵢ), with θᵢ = base^(−2i/d),
    /// fᵢ the optional llama3-style `rope_freqs` factors, s = `ropeFreqScale` and rᵢ YaRN's ramp (1 below
    /// the correction range, 0 above it, linear between) times `yarnExtFactor` (so rᵢ = 0 without YaRN).
    public func ropeFrequencies(factors: [Float]? = nil) -> [Float] {
        let pairs = ropeDimension / 2
        let (low, high) = yarnCorrectionDimensions
        return (0..<pairs).map { i in
            var theta = pow(Double(ropeFreqBase), -2.0 * Double(i) / Double(ropeDimension))
            if let factors, i < factors.count { theta /= Double(factors[i]) }
            var mix = 0.0
            if yarnExtFactor != 0 {
                let y = (Float(i) - low) / max(0.001, high - low)
                mix = Double((1 - min(1, max(0, y))) * yarnExtFactor)
            }
            return Float(theta * (Double(ropeFreqScale) * (1 - mix) + mix))
        }
    }

    /// Factor on every RoPE cos/sin value: `ropeAttnFactor`, times YaRN's attention temperature
    /// 1 + 0.1·ln(1/s) when the extrapolation mix is on (ggml's `rope_yarn`).
    public var ropeMagnitude: Float {
        guard yarnExtFactor != 0 else { return ropeAttnFactor }
        return ropeAttnFactor * (1 + 0.1 * log(1 / ropeFreqScale))
    }
}
