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
