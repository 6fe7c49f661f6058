import BasaltAPI
import BasaltWire
import Synchronization

/// Enforces `CallerLimits` per credential key: a token bucket for the request rate and a count of open response
/// streams. Over either limit the request is refused with Bedrock's `ThrottlingException` (429, "Too many requests,
/// please wait before trying again.").
public final class CallerLimiter: Sendable {
    private struct State {
        var buckets: [String: TokenBucket] = [:]
        var streams: [String: Int] = [:]
    }

    private let state = Mutex(State())
    private let clock: @Sendable () -> Double

    /// A limiter; `clock` is seconds on a monotonic scale (injected for tests).
    public init(clock: (@Sendable () -> Double)? = nil) {
        let origin = ContinuousClock.now
        self.clock = clock ?? {
            let d = origin.duration(to: .now).components
            return Double(d.seconds) + Double(d.attoseconds) * 1e-18
        }
    }

    /// Counts one request of `key`; throws `ThrottlingException` when it is over `limits.rateLimit`.
    public func admit(_ key: String, limits: CallerLimits) throws(AWSError) {
        guard limits.rateLimit > 0 else { return }
        let now = clock()
        let admitted = state.withLock { s in
            var bucket = s.buckets[key].flatMap { $0.rate == limits.rateLimit ? $0 : nil }
                ?? TokenBucket(rate: limits.rateLimit, now: now)
            let ok = bucket.take(now: now)
            s.buckets[key] = bucket
            return ok
        }
        if !admitted { throw BedrockError.tooManyRequests() }
    }

    /// Takes a stream slot of `key`; throws `ThrottlingException` when `limits.maxStreams` are open. `nil` when
    /// streams are unlimited (nothing to give back).
    public func openStream(_ key: String, limits: CallerLimits) throws(AWSError) -> StreamSlot? {
        guard limits.maxStreams > 0 else { return nil }
        let opened = state.withLock { s in
            let open = s.streams[key, default: 0]
            guard open < limits.maxStreams else { return false }
            s.streams[key] = open + 1
            return true
        }
        guard opened else { throw BedrockError.tooManyRequests() }
        return StreamSlot { [weak self] in self?.closeStream(key) }
    }

    /// Response streams of `key` now open.
    public func openStreams(_ key: String) -> Int { state.withLock { $0.streams[key, default: 0] } }

    private func closeStream(_ key: String) {
        state.withLock { s in
            let n = s.streams[key, default: 0] - 1
            s.streams[key] = n > 0 ? n : nil
        }
    }
}
