import Synchronization

/// One response stream counted against its credential's `maxStreams`. Given back once: when the stream ends or
/// fails, or when it is dropped because the client went away.
public final class StreamSlot: Sendable {
    private let giveBack: @Sendable () -> Void
    private let released = Mutex(false)

    init(giveBack: @escaping @Sendable () -> Void) { self.giveBack = giveBack }

    /// Returns the slot (idempotent).
    public func release() {
        let first = released.withLock { done in
            defer { done = true }
            return !done
        }
        if first { giveBack() }
    }

    deinit { release() }
}
