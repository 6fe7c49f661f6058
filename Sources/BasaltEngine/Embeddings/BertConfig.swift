import BasaltCore
import Foundation

/// Hyper-parameters of a BERT-family encoder, read from Hugging Face `config.json`.
public struct BertConfig: Sendable, Hashable {
    public var hiddenSize: Int
    public var layerCount: Int
    public var headCount: Int
    public var intermediateSize: Int
    public var maxPositions: Int
    public var typeVocabularySize: Int
    public var vocabularySize: Int
    public var layerNormEpsilon: Float

    public var headDimension: Int { hiddenSize / headCount }

    public init(hiddenSize: Int, layerCount: Int, headCount: Int, intermediateSize: Int, maxPositions: Int,
                typeVocabularySize: Int, vocabularySize: Int, layerNormEpsilon: Float) {
        self.hiddenSize = hiddenSize
        self.layerCount = layerCount
        self.headCount = headCount
        self.intermediateSize = intermediateSize
        self.maxPositions = maxPositions
        self.typeVocabularySize = typeVocabularySize
        self.vocabularySize = vocabularySize
        self.layerNormEpsilon = layerNormEpsilon
    }

    /// Parses `config.json` (`model_type` bert or a compatible encoder with GELU and absolute positions).
    public static func load(contentsOf url: URL) throws -> BertConfig {
        let json: JSONValue
        do { json = try JSONValue.parse(try Data(contentsOf: url)) } catch let e as JSONValue.ParseError {
            throw EmbeddingModelError.malformed(url.path, "\(e)")
        }
        func int(_ key: String) throws -> Int {
            guard let v = json[key]?.intValue, v > 0 else { throw EmbeddingModelError.malformed(url.path, "missing \(key)") }
            return v
        }
        if let act = json["hidden_act"]?.stringValue, act != "gelu" {
            throw EmbeddingModelError.malformed(url.path, "unsupported hidden_act \(act) (only gelu)")
        }
        if let pos = json["position_embedding_type"]?.stringValue, pos != "absolute" {
            throw EmbeddingModelError.malformed(url.path, "unsupported position_embedding_type \(pos)")
        }
        let config = BertConfig(
            hiddenSize: try int("hidden_size"), layerCount: try int("num_hidden_layers"),
            headCount: try int("num_attention_heads"), intermediateSize: try int("intermediate_size"),
            maxPositions: try int("max_position_embeddings"), typeVocabularySize: json["type_vocab_size"]?.intValue ?? 2,
            vocabularySize: try int("vocab_size"),
            layerNormEpsilon: Float(json["layer_norm_eps"]?.doubleValue ?? 1e-12))
        guard config.hiddenSize % config.headCount == 0 else {
            throw EmbeddingModelError.malformed(url.path, "hidden_size is not a multiple of num_attention_heads")
        }
        return config
    }
}
