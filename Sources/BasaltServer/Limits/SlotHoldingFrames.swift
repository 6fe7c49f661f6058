import BasaltWire

/// Event-stream frames that hold a `StreamSlot` while they are being sent: the slot is given back when the
/// sequence ends or throws, or when it is dropped (the client went away and the writer stopped iterating).
struct SlotHoldingFrames: AsyncSequence, Sendable {
    typealias Element = EventStreamMessage
    let base: any AsyncSequence<EventStreamMessage, any Error> & Sendable
    let slot: StreamSlot

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: any AsyncIteratorProtocol<EventStreamMessage, any Error>
        let slot: StreamSlot

        mutating func next() async throws -> EventStreamMessage? {
            do {
                guard let frame = try await base.next() else {
                    slot.release()
                    return nil
                }
                return frame
            } catch {
                slot.release()
                throw error
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), slot: slot) }
}
