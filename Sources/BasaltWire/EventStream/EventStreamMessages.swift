/// Adapts an async sequence of byte chunks (an HTTP response body) into decoded event-stream
/// messages, driving an `EventStreamDecoder`. Ends cleanly only on a message boundary; a body that
/// stops mid-message throws `EventStreamError.truncatedStream`.
public struct EventStreamMessages<Base: AsyncSequence>: AsyncSequence
where Base.Element: Sequence, Base.Element.Element == UInt8 {
    public typealias Element = EventStreamMessage

    private let base: Base

    /// Messages decoded from `chunks`.
    public init(_ chunks: Base) { base = chunks }

    public func makeAsyncIterator() -> Iterator { Iterator(base.makeAsyncIterator()) }

    /// Pulls chunks until a complete message is available.
    public struct Iterator: AsyncIteratorProtocol {
        private var chunks: Base.AsyncIterator
        private var decoder = EventStreamDecoder()
        private var finished = false

        init(_ chunks: Base.AsyncIterator) { self.chunks = chunks }

        public mutating func next() async throws -> EventStreamMessage? {
            while !finished {
                if let m = try decoder.next() { return m }
                guard let chunk = try await chunks.next() else {
                    finished = true
                    try decoder.finish()
                    return nil
                }
                decoder.feed(chunk)
            }
            return nil
        }
    }
}
