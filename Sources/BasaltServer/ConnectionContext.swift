import Hummingbird
import NIOCore

/// The request context of the Bedrock responder: Hummingbird's core storage plus the connection's channel, so
/// work done for a client (a generation) can be abandoned as soon as that client disconnects.
struct ConnectionContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The client connection the request arrived on.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Runs `work`, cancelling it if the connection closes first (then throws `CancellationError`). Cancelling
    /// the task that consumes a generation stream ends the generation and frees its slot.
    func untilDisconnected<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let channel = channel
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                // Polled rather than awaiting `closeFuture`, which would not return when the work finishes first
                // (the group waits for every child). `isActive` is safe to read from any thread.
                while channel.isActive { try await Task.sleep(for: .milliseconds(200)) }
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw CancellationError() }
            return value
        }
    }
}
