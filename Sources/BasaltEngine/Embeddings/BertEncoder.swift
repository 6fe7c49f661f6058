import Foundation

/// A BERT-family sentence encoder (e.g. sentence-transformers all-MiniLM-L6-v2) in F32: word + position +
/// token-type embeddings and LayerNorm, `layerCount` post-LayerNorm transformer layers (masked multi-head
/// self-attention, erf-GELU feed-forward), mean pooling over each text's tokens and L2 normalisation.
///
/// A batch is *packed*: the tokens of all texts are stacked into one `[tokens, hidden]` matrix for every
/// position-wise product, and attention runs per text over that text's own keys. This is exactly what
/// padding to the longest text with an attention mask computes for the real tokens, without the padding work.
/// Not thread-safe: one caller at a time (`LocalEmbeddingModel` serialises calls on its queue).
public final class BertEncoder {
    public let config: BertConfig
    let wordEmbeddings: FloatBuffer
    let positionEmbeddings: FloatBuffer
    let tokenTypeEmbeddings: FloatBuffer
    let embeddingNorm: LayerNormWeights
    let layers: [BertLayerWeights]
    let pool: WorkerPool

    /// Number format of the dense-layer weights.
    public let precision: EncoderPrecision

    /// Loads the weights from `file` (tensor names with or without a `bert.` prefix), using `pool` for the
    /// products.
    public init(file: SafetensorsFile, config: BertConfig, pool: WorkerPool, precision: EncoderPrecision = .f32) throws {
        let prefix = file.tensor("bert.embeddings.word_embeddings.weight") != nil ? "bert." : ""
        let h = config.hiddenSize
        self.config = config
        wordEmbeddings = try DenseWeights.buffer(
            file, prefix + "embeddings.word_embeddings.weight", shape: [config.vocabularySize, h])
        positionEmbeddings = try DenseWeights.buffer(
            file, prefix + "embeddings.position_embeddings.weight", shape: [config.maxPositions, h])
        tokenTypeEmbeddings = try DenseWeights.buffer(
            file, prefix + "embeddings.token_type_embeddings.weight", shape: [config.typeVocabularySize, h])
        embeddingNorm = try LayerNormWeights(file, prefix + "embeddings.LayerNorm", size: h)
        layers = try (0..<config.layerCount).map {
            try BertLayerWeights(file, prefix + "encoder.layer.\($0)", config: config, precision: precision)
        }
        self.pool = pool
        self.precision = precision
    }

    /// Mean-pooled, L2-normalised embeddings of `sequences` (token ids including `[CLS]`/`[SEP]`, each at most
    /// `config.maxPositions` long and non-empty).
    public func embed(_ sequences: [[Int32]]) -> [[Float]] {
        guard !sequences.isEmpty else { return [] }
        let h = config.hiddenSize
        let hidden = forward(sequences)
        var result: [[Float]] = []
        result.reserveCapacity(sequences.count)
        var start = 0
        for seq in sequences {
            var v = [Float](repeating: 0, count: h)
            for t in start..<(start + seq.count) {
                let row = hidden.pointer + t * h
                for j in 0..<h { v[j] += row[j] }
            }
            let inv = 1 / Float(seq.count)
            var norm: Float = 0
            for j in 0..<h {
                v[j] *= inv
                norm += v[j] * v[j]
            }
            let scale = 1 / max(norm.squareRoot(), 1e-12)
            for j in 0..<h { v[j] *= scale }
            result.append(v)
            start += seq.count
        }
        return result
    }
}
