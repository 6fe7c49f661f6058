import CBasaltKernels
import Synchronization

/// Serialises tests that depend on which kernel path (AVX2 or scalar) is active: `bk_force_scalar`
/// flips a process-wide switch, and test suites run in parallel with each other.
enum KernelPath {
    private static let lock = Mutex<Void>(())

    /// Runs `body` with the scalar path forced (or CPU detection restored), holding the lock so no other
    /// test switches paths meanwhile; CPU detection is restored afterwards.
    static func run<T>(scalar: Bool, _ body: () throws -> T) rethrows -> T {
        try lock.withLock { _ in
            bk_force_scalar(scalar ? 1 : 0)
            defer { bk_force_scalar(0) }
            return try body()
        }
    }
}
