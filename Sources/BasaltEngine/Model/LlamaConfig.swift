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
    /// Linear RoPE scaling: positions are multiplied by this (1 / `rope.scaling.factor`).
    public var ropeFreqScale: Float

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

        let scalingType = file.string("\(arch).rope.scaling.type") ?? "none"
        let factor = file.float("\(arch).rope.scaling.factor") ?? file.float("\(arch).rope.scale_linear") ?? 1
        switch scalingType {
        case "none":
            ropeFreqScale = file.float("\(arch).rope.scale_linear").map { 1 / $0 } ?? 1
        case "linear":
            ropeFreqScale = factor > 0 ? 1 / factor : 1
        default:
            throw GGUFError.wrongKeyType("\(arch).rope.scaling.type", expected: "'none' or 'linear' (got '\(scalingType)')")
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
}
