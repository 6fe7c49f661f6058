import Foundation

/// A llama-architecture decoder (RMSNorm, RoPE, grouped-query attention, SwiGLU) running on the
/// project's own kernels, with weights read in place from a memory-mapped GGUF file.
public final class LlamaModel: DecoderModel {
    /// Load-time choices.
    public struct Options: Sendable {
        /// Store the KV cache as F16 (half the memory; llama.cpp's default) instead of F32.
        public var halfPrecisionCache: Bool
        /// Threads used by the kernels (including the calling thread).
        public var threads: Int
        /// Reference mode: multiply dequantized weights by unrounded activations (several times slower;
        /// for verification against other implementations).
        public var exactActivations: Bool
        /// Verification against llama.cpp: its thread count, to reproduce its split-KV decode attention.
        /// llama.cpp attends a one-token batch in one chunk per thread once its KV view (the cache capacity
        /// rounded up to 256 cells; of that, the used cells rounded up to 256, at least 256) reaches 512
        /// cells, so its results then depend on its thread count. nil (the default): never split, the same
        /// bits whatever the thread count (llama.cpp's results whenever its view is under 512 cells).
        public var llamaCppThreads: Int?

        public init(halfPrecisionCache: Bool = true,
                    threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                    exactActivations: Bool = false, llamaCppThreads: Int? = nil) {
            self.halfPrecisionCache = halfPrecisionCache
            self.threads = threads
            self.exactActivations = exactActivations
            self.llamaCppThreads = llamaCppThreads
        }
    }

    public let config: LlamaConfig
    public let options: Options
    public var vocabularySize: Int { config.vocabularySize }
    public var contextLength: Int { config.contextLength }

    let file: GGUFFile
    let tokenEmbedding: WeightMatrix
    let outputNorm: [Float]
    /// `output.weight`, or the token embedding when the output is tied to it.
    let outputMatrix: WeightMatrix
    let layers: [LlamaLayer]
    /// llama3-style per-frequency RoPE divisors (`rope_freqs.weight`), if the file has them.
    let ropeFactors: [Float]?
    let pool: WorkerPool

    init(file: GGUFFile, options: Options) throws {
        let c = try LlamaConfig(file)
        self.file = file
        self.config = c
        self.options = options
        tokenEmbedding = try WeightMatrix(file, "token_embd.weight", columns: c.embeddingLength, rows: c.vocabularySize)
        outputNorm = try WeightMatrix.vector(file, "output_norm.weight", count: c.embeddingLength)
        if file.tensor("output.weight") != nil {
            outputMatrix = try WeightMatrix(file, "output.weight", columns: c.embeddingLength, rows: c.vocabularySize)
        } else {
            outputMatrix = tokenEmbedding
        }
        layers = try (0..<c.blockCount).map { try LlamaLayer(file, index: $0, config: c) }

        let factors = try file.tensor("rope_freqs.weight").map { _ in  // llama3-style per-frequency factors
            try WeightMatrix.vector(file, "rope_freqs.weight", count: c.ropeDimension / 2)
        }
        ropeFactors = factors
        pool = WorkerPool(threads: options.threads)
    }

    /// Builds a model from an opened GGUF file (which it keeps mapped). Throws `GGUFError` for other
    /// architectures, missing tensors, wrong shapes and unsupported tensor types.
    public static func load(_ file: GGUFFile, options: Options = Options()) throws -> LlamaModel {
        try LlamaModel(file: file, options: options)
    }

    public func makeCache(capacity: Int) -> any SequenceCache {
        LlamaCache(owner: ObjectIdentifier(self), capacity: max(0, capacity), layers: config.blockCount,
                   kvDimension: config.kvDimension, halfPrecision: options.halfPrecisionCache)
    }
}
