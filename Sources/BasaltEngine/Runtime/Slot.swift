import BasaltCore

/// One of the engine's sequence slots: a KV cache, the tokens it holds, and the request it serves.
/// Engine-thread confined.
struct Slot {
    let cache: any SequenceCache
    /// Exactly the tokens in `cache`, in order (used to reuse a shared prompt prefix).
    var cached: [Int32] = []
    var active: ActiveSequence?

    init(cache: any SequenceCache) {
        self.cache = cache
    }

    /// Length of the prefix `tokens` shares with the cache.
    func sharedPrefix(with tokens: [Int32]) -> Int {
        var n = 0
        let limit = min(cached.count, tokens.count)
        while n < limit, cached[n] == tokens[n] { n += 1 }
        return n
    }

    /// Keeps only the first `count` cached tokens.
    mutating func truncate(to count: Int) {
        cache.truncate(to: count)
        cached.removeSubrange(count...)
    }
}

/// The state of a request while it occupies a slot.
final class ActiveSequence {
    let job: EngineJob
    let decoder: any SequenceDecoder
    /// Admission order, for fair prefill.
    let order: UInt64
    /// Prompt tokens already in the cache.
    var prefilled: Int
    /// A sampled token not yet fed to the model.
    var pending: Int32?
    /// Tokens sampled so far.
    var produced = 0
    var firstByte: ContinuousClock.Instant?

    init(job: EngineJob, decoder: any SequenceDecoder, order: UInt64, prefilled: Int) {
        self.job = job
        self.decoder = decoder
        self.order = order
        self.prefilled = prefilled
    }

    var demand: BatchPlanner.Demand {
        pending == nil ? .prefill(remaining: job.prompt.tokens.count - prefilled) : .decode
    }

    /// The tokens to feed for a planned `count`.
    func tokens(count: Int) -> [Int32] {
        if let pending { return [pending] }
        return Array(job.prompt.tokens[prefilled..<prefilled + count])
    }
}
