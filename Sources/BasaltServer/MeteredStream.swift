import BasaltCore
import BasaltStore
import Synchronization

/// A generation stream that records its usage against an application-profile / provisioned ARN and gives back
/// its provisioned admission when it ends — also when the client goes away and the stream is dropped.
struct MeteredStream: AsyncSequence, Sendable {
    typealias Element = GenerationEvent
    let base: GenerationStream
    let usageArn: String?
    let ledger: (any UsageLedger)?
    let ticket: AdmissionTicket?

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: GenerationStream.AsyncIterator
        let usageArn: String?
        let ledger: (any UsageLedger)?
        let ticket: AdmissionTicket?

        mutating func next() async throws -> GenerationEvent? {
            let event = try await base.next()
            if case .metadata(let usage, _) = event, let usageArn, let ledger {
                try? await ledger.recordUsage(arn: usageArn, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens)
            }
            if event == nil { ticket?.release() }
            return event
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), usageArn: usageArn, ledger: ledger, ticket: ticket)
    }
}

/// One admitted request through a provisioned model; released once, at the end or when dropped.
final class AdmissionTicket: Sendable {
    let gate: AdmissionGate
    let key: String
    private let released = Mutex(false)

    init(gate: AdmissionGate, key: String) {
        self.gate = gate
        self.key = key
    }

    func release() {
        let first = released.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        let (gate, key) = (gate, key)
        Task { await gate.release(key) }
    }

    deinit { release() }
}
