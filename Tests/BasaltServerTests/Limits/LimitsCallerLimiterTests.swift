import BasaltServer
import BasaltWire
import Synchronization
import Testing

/// Per-credential request rates and open response streams, refused with Bedrock's throttling error.
@Suite struct LimitsCallerLimiterTests {
    final class FakeClock: Sendable {
        let seconds = Mutex(0.0)
        func advance(_ by: Double) { seconds.withLock { $0 += by } }
        var read: @Sendable () -> Double { { self.seconds.withLock { $0 } } }
    }

    @Test func rateIsPerCredential() throws {
        let clock = FakeClock()
        let limiter = CallerLimiter(clock: clock.read)
        let limits = CallerLimits(rateLimit: 2)
        try limiter.admit("AKIDA", limits: limits)
        try limiter.admit("AKIDA", limits: limits)
        do {
            try limiter.admit("AKIDA", limits: limits)
            Issue.record("third request in the same instant should be throttled")
        } catch {
            #expect(error.code == "ThrottlingException")
            #expect(error.status == 429)
            #expect(error.message == "Too many requests, please wait before trying again.")
        }
        try limiter.admit("AKIDB", limits: limits)  // another key has its own bucket
        clock.advance(0.5)
        try limiter.admit("AKIDA", limits: limits)
        // Unlimited never throttles.
        for _ in 0..<1000 { try limiter.admit("AKIDC", limits: .unlimited) }
    }

    @Test func streamsAreCountedUntilReleasedOrDropped() throws {
        let limiter = CallerLimiter()
        let limits = CallerLimits(maxStreams: 2)
        let first = try limiter.openStream("AKIDA", limits: limits)
        var second = try limiter.openStream("AKIDA", limits: limits)
        #expect(limiter.openStreams("AKIDA") == 2)
        do {
            _ = try limiter.openStream("AKIDA", limits: limits)
            Issue.record("a third stream should be throttled")
        } catch {
            #expect(error.code == "ThrottlingException")
        }
        #expect(try limiter.openStream("AKIDB", limits: limits) != nil)  // dropped at once: released
        #expect(limiter.openStreams("AKIDB") == 0)
        first?.release()
        first?.release()  // idempotent
        #expect(limiter.openStreams("AKIDA") == 1)
        second = nil  // the client went away: the slot is dropped
        #expect(second == nil)
        #expect(limiter.openStreams("AKIDA") == 0)
        #expect(try limiter.openStream("AKIDA", limits: .unlimited) == nil)
    }

    @Test func credentialOverridesReplaceOnlyTheirMembers() {
        let server = CallerLimits(rateLimit: 10, maxStreams: 4)
        #expect(server.applying(nil) == server)
        #expect(server.applying(.init(rateLimit: 2)) == CallerLimits(rateLimit: 2, maxStreams: 4))
        #expect(server.applying(.init(maxStreams: 0)) == CallerLimits(rateLimit: 10, maxStreams: 0))
    }
}
