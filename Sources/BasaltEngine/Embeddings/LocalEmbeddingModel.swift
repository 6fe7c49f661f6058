import BasaltCore
import Foundation

/// The built-in embedding backend: a BERT-family sentence encoder loaded from a Hugging Face directory
/// (`model.safetensors`, `tokenizer.json`, `config.json`), e.g. sentence-transformers all-MiniLM-L6-v2.
/// Vectors are mean-pooled over the tokens (including `[CLS]`/`[SEP]`) and L2-normalised.
public final class LocalEmbeddingModel: EmbeddingBackend, @unchecked Sendable {  // encoder used only on its serial queue
    // @unchecked: `encoder` (weights immutable after load, not thread-safe to run) is only used on `queue`.

    /// One embedding call's output.
    public struct Result: Sendable, Hashable {
        /// One unit vector per input text, in order.
        public var vectors: [[Float]]
        /// Tokens per text, including `[CLS]` and `[SEP]`, after truncation.
        public var tokenCounts: [Int]
        /// Texts that were cut to fit `maxTokens`.
        public var truncatedCount: Int
        /// Sum of `tokenCounts`.
        public var inputTokens: Int { tokenCounts.reduce(0, +) }
    }

    /// Native vector dimension (the encoder's hidden size: 384 for all-MiniLM-L6-v2).
    public var dimension: Int { encoder.config.hiddenSize }
    /// Longest sequence the encoder takes, special tokens included.
    public let maxTokens: Int
    public let tokenizer: WordPieceTokenizer
    private let encoder: BertEncoder
    private let queue = DispatchQueue(label: "basalt.embeddings")
    /// Largest number of tokens one forward pass packs (bounds scratch memory).
    private static let tokensPerPass = 8192

    private init(tokenizer: WordPieceTokenizer, encoder: BertEncoder, maxTokens: Int) {
        self.tokenizer = tokenizer
        self.encoder = encoder
        self.maxTokens = maxTokens
    }

    /// Loads the model in `directory` (`precision: .q8_0` trades a little accuracy for speed). `maxTokens`
    /// defaults to the smaller of `tokenizer_config.json`'s `model_max_length` and the position-embedding count
    /// (512 for MiniLM). Pass the text engine's `pool` to share its threads instead of starting `threads` more.
    public static func load(directory: URL, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                            pool: WorkerPool? = nil, maxTokens: Int? = nil, precision: EncoderPrecision = .f32)
        throws -> LocalEmbeddingModel
    {
        let config = try BertConfig.load(contentsOf: directory.appendingPathComponent("config.json"))
        let tokenizer = try WordPieceTokenizer.load(contentsOf: directory.appendingPathComponent("tokenizer.json"))
        let file = try SafetensorsFile(path: directory.appendingPathComponent("model.safetensors").path)
        let encoder = try BertEncoder(file: file, config: config, pool: pool ?? WorkerPool(threads: threads),
                                      precision: precision)
        var limit = config.maxPositions
        if let data = try? Data(contentsOf: directory.appendingPathComponent("tokenizer_config.json")),
           let json = try? JSONValue.parse(data), let declared = json["model_max_length"]?.intValue, declared > 0 {
            limit = min(limit, declared)
        }
        if let maxTokens { limit = min(limit, max(2, maxTokens)) }
        return LocalEmbeddingModel(tokenizer: tokenizer, encoder: encoder, maxTokens: limit)
    }

    /// `EmbeddingBackend`.
    public func embed(_ texts: [String], truncation: EmbeddingTruncation) async throws -> (vectors: [[Float]], inputTokens: Int) {
        let result = try await embedDetailed(texts, truncation: truncation)
        return (result.vectors, result.inputTokens)
    }

    /// Embeds `texts`, cutting long texts as `truncation` says (`.none`: throw `BackendError.inputTooLong`).
    public func embedDetailed(_ texts: [String], truncation: EmbeddingTruncation) async throws -> Result {
        let encodings = texts.map { tokenizer.encode($0, maxLength: maxTokens, truncation: truncation) }
        if encodings.contains(where: { $0.ids.count > maxTokens }) { throw BackendError.inputTooLong }
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                let encoder = self.encoder
                var vectors: [[Float]] = []
                vectors.reserveCapacity(encodings.count)
                var batch: [[Int32]] = [], batchTokens = 0
                for e in encodings {
                    if batchTokens + e.ids.count > Self.tokensPerPass, !batch.isEmpty {
                        vectors += encoder.embed(batch)
                        batch.removeAll()
                        batchTokens = 0
                    }
                    batch.append(e.ids)
                    batchTokens += e.ids.count
                }
                vectors += encoder.embed(batch)
                continuation.resume(returning: Result(
                    vectors: vectors, tokenCounts: encodings.map(\.ids.count),
                    truncatedCount: encodings.filter(\.truncated).count))
            }
        }
    }
}
