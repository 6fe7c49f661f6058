import Foundation

/// Everything a tokenizer needs, as stored under `tokenizer.ggml.*` in GGUF metadata.
/// The GGUF reader fills it; tokenizers are built from it (no dependency on the file format).
public struct TokenizerVocabulary: Sendable {
    /// `tokenizer.ggml.model`: `gpt2` (byte-level BPE), `llama` (SentencePiece), `bert` (WordPiece)…
    public var model: String
    /// `tokenizer.ggml.pre`: pre-tokenizer variant (`smollm`, `llama-bpe`, `qwen2`, `default`…).
    public var pre: String?
    public var tokens: [String]
    /// `tokenizer.ggml.token_type`: 1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte.
    public var tokenTypes: [Int32]
    /// `tokenizer.ggml.scores` (SentencePiece).
    public var scores: [Float]
    /// `tokenizer.ggml.merges`, each "left right".
    public var merges: [String]
    public var bosTokenId: Int32?
    public var eosTokenId: Int32?
    /// `tokenizer.ggml.eot_token_id` when present.
    public var eotTokenId: Int32?
    public var unknownTokenId: Int32?
    public var paddingTokenId: Int32?
    public var addBOS: Bool
    public var addEOS: Bool
    public var addSpacePrefix: Bool

    public init(
        model: String, pre: String?, tokens: [String], tokenTypes: [Int32], scores: [Float], merges: [String],
        bosTokenId: Int32?, eosTokenId: Int32?, eotTokenId: Int32?, unknownTokenId: Int32?,
        paddingTokenId: Int32?, addBOS: Bool, addEOS: Bool, addSpacePrefix: Bool
    ) {
        self.model = model
        self.pre = pre
        self.tokens = tokens
        self.tokenTypes = tokenTypes
        self.scores = scores
        self.merges = merges
        self.bosTokenId = bosTokenId
        self.eosTokenId = eosTokenId
        self.eotTokenId = eotTokenId
        self.unknownTokenId = unknownTokenId
        self.paddingTokenId = paddingTokenId
        self.addBOS = addBOS
        self.addEOS = addEOS
        self.addSpacePrefix = addSpacePrefix
    }
}
