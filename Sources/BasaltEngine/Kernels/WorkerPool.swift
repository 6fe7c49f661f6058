import CBasaltKernels
import Foundation
import Synchronization

/// A small set of persistent threads for data-parallel loops. Work is handed out in chunks from an
/// atomic counter and the caller always takes part, so a job finishes even when the other threads are
/// descheduled (the machine is shared): a late worker finds nothing left and goes back to waiting.
/// Workers spin briefly between jobs (a decode step issues hundreds of short jobs), then sleep.
public final class WorkerPool: Sendable {
    /// Threads taking part in each job, including the caller's.
    public let threadCount: Int

    private let shared = PoolShared()
    private let runLock = Mutex<Void>(())

    /// Starts `threads - 1` worker threads (the caller of `parallelFor` is the remaining one); they
    /// stop when the pool is released.
    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        threadCount = max(1, threads)
        for index in 1..<threadCount {
            let shared = self.shared
            let thread = Thread { shared.workerLoop(index: index) }
            thread.name = "basalt-worker-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    deinit { shared.stop() }

    /// Calls `body(range, threadIndex)` for consecutive ranges of at most `chunk` items covering
    /// `0..<count` (thread index 0 is the caller, others are below `threadCount`) and returns when all
    /// ranges are done. Concurrent callers are serialised.
    public func parallelFor(count: Int, chunk: Int, _ body: @escaping (Range<Int>, Int) -> Void) {
        guard count > 0 else { return }
        let chunk = max(1, chunk)
        if threadCount == 1 || count <= chunk {
            var start = 0
            while start < count {
                body(start..<min(count, start + chunk), 0)
                start += chunk
            }
            return
        }
        runLock.withLock { _ in
            let job = PoolJob(count: count, chunk: chunk, body: body)
            shared.publish(job)
            job.work(thread: 0)
            var spins = 0
            while job.completed.load(ordering: .acquiring) < count {
                spins += 1
                if spins & 1023 == 0 { sched_yield() } else { bk_cpu_relax() }
            }
            shared.retire()
        }
    }
}

/// One `parallelFor` call: the body and the chunk counters.
final class PoolJob: @unchecked Sendable {
    // @unchecked: `body` is immutable and only called for chunks claimed through the atomic `next`,
    // all of which complete before `parallelFor` returns.
    let count: Int
    let chunk: Int
    let body: (Range<Int>, Int) -> Void
    let next = Atomic<Int>(0)
    let completed = Atomic<Int>(0)

    init(count: Int, chunk: Int, body: @escaping (Range<Int>, Int) -> Void) {
        self.count = count
        self.chunk = chunk
        self.body = body
    }

    func work(thread: Int) {
        while true {
            let start = next.add(chunk, ordering: .relaxed).oldValue
            if start >= count { return }
            let end = min(count, start + chunk)
            body(start..<end, thread)
            completed.add(end - start, ordering: .releasing)
        }
    }
}

/// State shared with the worker threads (which must not retain the pool itself).
final class PoolShared: Sendable {
    let generation = Atomic<Int>(0)
    let sleepers = Atomic<Int>(0)
    let stopping = Atomic<Bool>(false)
    let current = Mutex<PoolJob?>(nil)
    let condition = NSCondition()
    static let spinLimit = 20_000

    func publish(_ job: PoolJob) {
        current.withLock { $0 = job }
        generation.add(1, ordering: .sequentiallyConsistent)
        if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
            condition.lock()
            condition.broadcast()
            condition.unlock()
        }
    }

    func retire() { current.withLock { $0 = nil } }

    func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        generation.add(1, ordering: .sequentiallyConsistent)
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }

    func workerLoop(index: Int) {
        var seen = 0
        while true {
            var spins = 0
            var latest = generation.load(ordering: .acquiring)
            while latest == seen {
                spins += 1
                if spins < Self.spinLimit {
                    bk_cpu_relax()
                } else {
                    condition.lock()
                    sleepers.add(1, ordering: .sequentiallyConsistent)
                    while generation.load(ordering: .sequentiallyConsistent) == seen { condition.wait() }
                    sleepers.subtract(1, ordering: .sequentiallyConsistent)
                    condition.unlock()
                    spins = 0
                }
                latest = generation.load(ordering: .acquiring)
            }
            seen = latest
            if stopping.load(ordering: .acquiring) { return }
            if let job = current.withLock({ $0 }) { job.work(thread: index) }
        }
    }
}
