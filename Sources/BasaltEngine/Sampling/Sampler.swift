import BasaltCore

/// Picks the next token from a row of logits: greedy, or llama.cpp's sampler chain
/// top-k → top-p → temperature → weighted draw, optionally under a ``TokenConstraint``.
///
/// Defaults when a parameter is nil are llama.cpp's (`common_params_sampling`): temperature 0.8,
/// top-p 0.95, top-k 40. A temperature of 0 (or below) means greedy argmax. `topK <= 0` disables
/// top-k and `topP >= 1` disables top-p. As in llama.cpp, top-k and top-p are applied to the
/// untempered distribution and temperature only reshapes the survivors. Without a seed the sampler
/// draws one from the system generator; with a seed, equal logits give equal tokens.
///
/// Per token the work is one pass over the vocabulary (a bounded heap for top-k, a max for greedy,
/// bucketed masses for top-p alone); the vocabulary is never fully sorted.
///
/// Under a constraint, the sampled token is checked first; if the constraint rejects it, the draw is
/// repeated from the candidates the constraint accepts (exactly the constrained distribution over the
/// truncated set). If none is accepted, the best 256 tokens and then the rest of the vocabulary are
/// searched, and the best accepted tokens (those within reach of the best one at the current
/// temperature) are sampled from; greedy takes the highest-logit accepted token. Tokens whose bytes
/// are empty (map control tokens to `[]`) are never chosen under a constraint. A sampler serves one
/// sequence: its generator advances with every draw.
public struct Sampler: Sendable {
    /// llama.cpp's default temperature.
    public static let defaultTemperature: Float = 0.8
    /// llama.cpp's default nucleus mass.
    public static let defaultTopP: Float = 0.95
    /// llama.cpp's default top-k.
    public static let defaultTopK = 40

    /// Softmax temperature; `<= 0` means greedy.
    public var temperature: Float
    /// Nucleus mass kept; `>= 1` disables top-p.
    public var topP: Float
    /// Candidates kept by logit; `<= 0` disables top-k.
    public var topK: Int
    var rng: Xoshiro256
    /// Scratch reused across calls: candidate ids and their weights.
    var ids: [Int32] = []
    var weights: [Double] = []
    var accepted: [Int32] = []  // tokens found by the constrained fallback

    /// Creates a sampler from request parameters, filling nil ones with the documented defaults.
    public init(parameters: GenerationParameters) {
        temperature = parameters.temperature.map { Float($0) } ?? Self.defaultTemperature
        topP = parameters.topP.map { Float($0) } ?? Self.defaultTopP
        topK = parameters.topK ?? Self.defaultTopK
        var system = SystemRandomNumberGenerator()
        rng = Xoshiro256(seed: parameters.seed ?? system.next())
    }

    /// Whether this sampler always takes the argmax.
    public var isGreedy: Bool { !(temperature > 0) }

    /// Samples a token with no constraint. `banned` tokens are never returned (unless every token is banned
    /// or not finite, in which case token 0 is returned).
    public mutating func sample(logits: UnsafeBufferPointer<Float>, banned: Set<Int32> = []) -> Int32 {
        if isGreedy { return argmax(logits, banned: banned) ?? 0 }
        selectCandidates(logits, banned: banned)
        return draw(logits) ?? argmax(logits, banned: banned) ?? 0
    }

    /// Samples a token the constraint accepts and advances the constraint with its bytes.
    /// Generic so that `accepts` is specialised for the concrete constraint (no existential dispatch per
    /// candidate). Returns nil when no non-banned token is accepted (the constraint dead-ended or is
    /// already complete); the caller should stop generating then.
    public mutating func sample<C: TokenConstraint>(
        logits: UnsafeBufferPointer<Float>, constraint: inout C, banned: Set<Int32> = [],
        tokenBytes: (Int32) -> [UInt8]
    ) -> Int32? {
        guard let token = choose(logits, constraint: constraint, banned: banned, tokenBytes: tokenBytes) else {
            return nil
        }
        constraint.advance(tokenBytes(token))
        return token
    }

    /// Convenience over an optional existential constraint: opens it once per call and delegates to the
    /// generic overload; without a constraint it samples freely. Returns nil only when a constraint
    /// accepts no token.
    public mutating func sample(
        logits: UnsafeBufferPointer<Float>, constraint: inout (any TokenConstraint)?, banned: Set<Int32> = [],
        tokenBytes: (Int32) -> [UInt8]
    ) -> Int32? {
        guard var opened = constraint else { return sample(logits: logits, banned: banned) }
        constraint = nil  // keep the constraint's storage uniquely referenced while it advances
        defer { constraint = opened }
        return sampleOpened(logits: logits, constraint: &opened, banned: banned, tokenBytes: tokenBytes)
    }

    private mutating func sampleOpened<C: TokenConstraint>(
        logits: UnsafeBufferPointer<Float>, constraint: inout C, banned: Set<Int32>, tokenBytes: (Int32) -> [UInt8]
    ) -> Int32? {
        sample(logits: logits, constraint: &constraint, banned: banned, tokenBytes: tokenBytes)
    }

    private mutating func choose<C: TokenConstraint>(
        _ logits: UnsafeBufferPointer<Float>, constraint: C, banned: Set<Int32>, tokenBytes: (Int32) -> [UInt8]
    ) -> Int32? {
        func ok(_ t: Int32) -> Bool {
            let bytes = tokenBytes(t)
            return !bytes.isEmpty && constraint.accepts(bytes)
        }
        if isGreedy {
            if let best = argmax(logits, banned: banned), ok(best) { return best }
            return fallback(logits, banned: banned, constraint: constraint, tokenBytes: tokenBytes)
        }
        selectCandidates(logits, banned: banned)
        guard let first = draw(logits) else {
            return fallback(logits, banned: banned, constraint: constraint, tokenBytes: tokenBytes)
        }
        if ok(first) { return first }
        // Keep only accepted candidates and draw again from them.
        var kept = 0
        for i in ids.indices where ids[i] != first && ok(ids[i]) {
            ids[kept] = ids[i]
            kept += 1
        }
        ids.removeSubrange(kept...)
        if let t = draw(logits) { return t }
        return fallback(logits, banned: banned, constraint: constraint, tokenBytes: tokenBytes)
    }
}
