import Foundation

/// Per-sequence state of a decoder (its KV cache). Owned and mutated only by the engine loop that
/// runs `DecoderModel.forward`, never concurrently.
public protocol SequenceCache: AnyObject, Sendable {
    /// Tokens currently stored.
    var count: Int { get }
    /// Maximum tokens this cache can hold.
    var capacity: Int { get }
    /// Forgets everything after the first `count` tokens (prefix reuse, cancellation).
    func truncate(to count: Int)
}

/// One sequence's share of a forward pass: the tokens to append to its cache.
public struct DecodeStep: Sendable {
    public var cache: any SequenceCache
    public var tokens: [Int32]
    public init(cache: any SequenceCache, tokens: [Int32]) {
        self.cache = cache
        self.tokens = tokens
    }
}

/// The numerical part of a decoder-only language model.
public protocol DecoderModel: Sendable {
    var vocabularySize: Int { get }
    /// Trained context length (from metadata).
    var contextLength: Int { get }
    func makeCache(capacity: Int) -> any SequenceCache
    /// Appends each step's tokens to its cache (prompt chunks and single decode tokens may be mixed in one
    /// call: continuous batching) and returns, per step, the logits after its last token (`vocabularySize` floats).
    func forward(_ steps: [DecodeStep]) throws -> [[Float]]
}
