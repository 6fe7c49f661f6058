import NIOCore
import Synchronization

/// Notes when the client shuts down its sending side. Hummingbird keeps half-closed connections open (a client may
/// send a request, close its side and still read the answer), so the connection stays usable; but a client that does
/// this while a generation is running for it has given up (a timeout, a killed script), and
/// `ConnectionContext.untilDisconnected` then cancels that generation instead of running it to its token limit.
final class ClientAbortHandler: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = NIOAny

    private let inputClosed = Atomic<Bool>(false)

    /// True once the client closed its side of the connection.
    var clientHasLeft: Bool { inputClosed.load(ordering: .relaxed) }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, case .inputClosed = event {
            inputClosed.store(true, ordering: .relaxed)
        }
        context.fireUserInboundEventTriggered(event)
    }
}
