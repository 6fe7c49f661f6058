/// A token bucket: holds up to `capacity` tokens, refills at `rate` tokens per second, and each request takes one.
/// It starts full, so a burst of `capacity` requests passes at once and then `rate` per second are sustained.
/// A pure value: time is passed in (seconds on any monotonic scale).
public struct TokenBucket: Sendable, Hashable {
    /// Tokens added per second.
    public let rate: Double
    /// Most tokens held.
    public let capacity: Double
    /// Tokens available at `updated`.
    public private(set) var tokens: Double
    private var updated: Double

    /// A full bucket at time `now`; `capacity` defaults to `rate` (at least 1).
    public init(rate: Double, capacity: Double? = nil, now: Double) {
        self.rate = rate
        self.capacity = capacity ?? max(rate, 1)
        self.tokens = self.capacity
        self.updated = now
    }

    /// Takes one token if there is one (after refilling up to `now`); `false` means the request is over the rate.
    public mutating func take(now: Double) -> Bool {
        if now > updated {
            tokens = min(capacity, tokens + (now - updated) * rate)
            updated = now
        }
        // A tolerance for the rounding of repeated refills (0.25 × 4 may sum to 0.999…).
        guard tokens >= 1 - 1e-9 else { return false }
        tokens -= 1
        return true
    }
}
