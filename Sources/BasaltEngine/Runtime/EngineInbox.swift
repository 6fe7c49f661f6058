import BasaltCore
import Foundation

/// The hand-over point between callers (any thread) and the engine thread: a bounded queue of waiting jobs,
/// cancellations of running jobs, and shutdown. The engine thread blocks here when it has nothing to compute.
final class EngineInbox: @unchecked Sendable {  // all mutable state is read and written with `condition` locked
    /// What the engine thread takes each iteration.
    struct Intake {
        var admitted: [EngineJob]
        var cancelled: Set<UInt64>
    }

    private let condition = NSCondition()
    private var waiting: [EngineJob] = []
    private var cancelled: Set<UInt64> = []
    private var stopped = false
    private var lastID: UInt64 = 0
    /// Most jobs that may wait for a slot; beyond it `submit` throws `overloaded`.
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    func makeID() -> UInt64 {
        condition.withLock {
            lastID += 1
            return lastID
        }
    }

    /// Number of jobs waiting for a slot.
    var waitingCount: Int { condition.withLock { waiting.count } }

    func submit(_ job: EngineJob) throws {
        try condition.withLock {
            if stopped { throw BackendError.modelFailure("The model has been unloaded.") }
            guard waiting.count < limit else { throw BackendError.overloaded() }
            waiting.append(job)
            condition.signal()
        }
    }

    /// The client went away: a waiting job is dropped here, a running one at the engine's next iteration.
    func cancel(_ id: UInt64) {
        condition.withLock {
            if let index = waiting.firstIndex(where: { $0.id == id }) {
                waiting.remove(at: index)
            } else {
                cancelled.insert(id)
            }
            condition.signal()
        }
    }

    /// Stops the engine thread; jobs still waiting end with an error.
    func shutdown() {
        let dropped: [EngineJob] = condition.withLock {
            stopped = true
            let jobs = waiting
            waiting.removeAll()
            condition.signal()
            return jobs
        }
        for job in dropped {
            job.continuation.finish(throwing: BackendError.modelFailure("The model has been unloaded."))
        }
    }

    /// Engine side. Takes up to `freeSlots` waiting jobs and the pending cancellations. When `busy` is false it
    /// first blocks until there is something to do. Returns nil once shut down.
    func take(freeSlots: Int, busy: Bool) -> Intake? {
        condition.withLock {
            while !stopped, !busy, cancelled.isEmpty, freeSlots == 0 || waiting.isEmpty {
                condition.wait()
            }
            if stopped { return nil }
            let count = min(freeSlots, waiting.count)
            let intake = Intake(admitted: Array(waiting.prefix(count)), cancelled: cancelled)
            waiting.removeFirst(count)
            cancelled.removeAll()
            return intake
        }
    }
}
