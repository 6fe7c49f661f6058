import BasaltCore
import BasaltServer
import BasaltWire
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// The limits as the HTTP application applies them (same builder as `basalt serve`, `--auth none`: every caller is
/// the anonymous credential).
@Suite struct LimitsRouterTests {
    /// A backend whose streams wait for `open()` before they finish; `started` counts generations begun.
    final class GatedBackend: TextModel, Sendable {
        let capabilities = BackendCapabilities(contextLength: 4096, maxOutputTokens: 4096)
        let started = Mutex(0)
        let gate = Mutex<[CheckedContinuation<Void, Never>]>([])
        let isOpen = Mutex(false)

        func open() {
            isOpen.withLock { $0 = true }
            for c in gate.withLock({ g in defer { g = [] }; return g }) { c.resume() }
        }

        func waitForGate() async {
            await withCheckedContinuation { c in
                let resumeNow = gate.withLock { g -> Bool in
                    if isOpen.withLock({ $0 }) { return true }
                    g.append(c)
                    return false
                }
                if resumeNow { c.resume() }
            }
        }

        func generate(_ request: GenerationRequest) async throws -> GenerationStream {
            started.withLock { $0 += 1 }
            return GenerationStream { c in
                Task {
                    c.yield(.messageStart(.assistant))
                    await self.waitForGate()
                    c.yield(.contentBlockDelta(index: 0, .text("ok")))
                    c.yield(.contentBlockStop(index: 0))
                    c.yield(.messageStop(.endTurn, stopSequence: nil))
                    c.yield(.metadata(Usage(inputTokens: 1, outputTokens: 1), GenerationMetrics(latencyMs: 1)))
                    c.finish()
                }
            }
        }

        func countInputTokens(_ request: GenerationRequest) async throws -> Int { 1 }
    }

    static let hello = #"{"messages":[{"role":"user","content":[{"text":"hi"}]}]}"#
    static let stream = "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream"
    static let converse = "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"

    func withApp(
        _ limits: CallerLimits, backend: any TextModel,
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let registry = ModelRegistry(region: "us-east-1", defaultText: backend)
        let app = BasaltServer.makeApplication(
            configuration: ServerConfiguration(limits: limits), registry: registry, logger: Logger(label: "test"))
        try await app.test(.router) { client in try await body(client) }
    }

    @Test func requestsOverTheRateAreThrottledButHealthIsNot() async throws {
        let backend = GatedBackend()
        backend.open()
        try await withApp(CallerLimits(rateLimit: 2), backend: backend) { client in
            var statuses: [Int] = []
            for _ in 0..<4 {
                let r = try await client.execute(uri: Self.converse, method: .post, body: ByteBuffer(string: Self.hello))
                statuses.append(r.status.code)
                if r.status.code == 429 {
                    #expect(r.headers[HTTPField.Name("x-amzn-ErrorType")!]?.hasPrefix("ThrottlingException") == true)
                    #expect(try JSONValue.parse(Array(buffer: r.body))["message"]
                        == "Too many requests, please wait before trying again.")
                }
            }
            // The burst is the rate (2); the next two within the same moment are over it (a refill takes 0.5 s).
            #expect(statuses.prefix(2) == [200, 200])
            #expect(statuses.suffix(2).contains(429))
            for _ in 0..<5 {
                #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
            }
        }
    }

    @Test func aStreamHoldsItsSlotUntilItEnds() async throws {
        let backend = GatedBackend()
        try await withApp(CallerLimits(maxStreams: 1), backend: backend) { client in
            defer { backend.open() }  // never leave the first stream waiting if an expectation throws
            async let first = client.execute(uri: Self.stream, method: .post, body: ByteBuffer(string: Self.hello))
            while backend.started.withLock({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(5)) }
            let second = try await client.execute(uri: Self.stream, method: .post, body: ByteBuffer(string: Self.hello))
            #expect(second.status.code == 429)
            #expect(try JSONValue.parse(Array(buffer: second.body))["message"]
                == "Too many requests, please wait before trying again.")
            backend.open()
            #expect(try await first.status == .ok)
            // The first stream ended: its slot is free again.
            let third = try await client.execute(uri: Self.stream, method: .post, body: ByteBuffer(string: Self.hello))
            #expect(third.status == .ok)
        }
    }
}
