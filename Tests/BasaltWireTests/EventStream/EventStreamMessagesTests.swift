import Testing
@testable import BasaltWire

@Suite struct EventStreamMessagesTests {
    private func chunks(_ bytes: [UInt8], size: Int) -> AsyncStream<[UInt8]> {
        AsyncStream { c in
            var i = 0
            while i < bytes.count {
                c.yield(Array(bytes[i..<min(i + size, bytes.count)]))
                i += size
            }
            c.finish()
        }
    }

    @Test func decodesAcrossChunks() async throws {
        let body = KnownFrames.contentBlockDelta + KnownFrames.throttlingException
        var types: [String] = []
        for try await m in EventStreamMessages(chunks(body, size: 10)) {
            types.append(m.eventType ?? m.exceptionType ?? "?")
        }
        #expect(types == ["contentBlockDelta", "throttlingException"])
    }

    @Test func truncatedBodyThrows() async throws {
        let body = KnownFrames.contentBlockDelta + KnownFrames.throttlingException.dropLast(3)
        var count = 0
        await #expect(throws: EventStreamError.truncatedStream(bufferedBytes: 175)) {
            for try await _ in EventStreamMessages(chunks(body, size: 64)) { count += 1 }
        }
        #expect(count == 1)
    }
}
