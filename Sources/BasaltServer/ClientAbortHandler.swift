import NIOCore

/// Closes a connection when the client shuts down its sending side. Hummingbird accepts half-closed
/// connections, but an HTTP client that closes while waiting for an answer has given up (a timeout, a killed
/// script): closing lets a generation it started stop at once instead of running to its token limit.
final class ClientAbortHandler: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, case .inputClosed = event {
            context.close(promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }
}
