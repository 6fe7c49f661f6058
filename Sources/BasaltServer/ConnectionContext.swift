import BasaltWire
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

    /// Runs `work`, cancelling it if the connection closes, or the client closes its side, first (then throws
    /// `ClientGone`). Cancelling the task that consumes a generation stream ends the generation and frees
    /// its slot.
    func untilDisconnected<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let channel = channel
        // A channel that is not active to begin with (in-process test transports) gives no signal to watch.
        guard channel.isActive else { return try await work() }
        let abort = try? await channel.pipeline.handler(type: ClientAbortHandler.self).get()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                // Polled rather than awaiting `closeFuture`, which would not return when the work finishes first
                // (the group waits for every child). `isActive` is safe to read from any thread.
                // Sleep first: quick answers (validation errors, short generations) are never cut.
                repeat { try await Task.sleep(for: .milliseconds(200)) } while channel.isActive && abort?.clientHasLeft != true
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw ClientGone() }
            return value
        }
    }
}

/// The client closed its side of the connection while its generation was pending; the generation was cancelled.
/// Usually nobody reads the answer; a client that half-closed and still reads gets a 408 (Basalt's own wording).
struct ClientGone: Error {
    var awsError: AWSError {
        AWSError(
            code: "RequestTimeoutException", status: 408,
            message: "The client closed its side of the connection before the response was ready; the generation was cancelled.")
    }
}
