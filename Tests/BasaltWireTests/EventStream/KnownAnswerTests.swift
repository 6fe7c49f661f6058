import BasaltCore
import Testing
@testable import BasaltWire

/// The two pinned frames of bedrock-wire.md §4.4 / §4.5 (`WORKED_HEX` / `EXCEPTION_HEX` of
/// eventstream_check.py, verified there against botocore).
enum KnownFrames {
    static let contentBlockDelta = bytes(hex: """
        0000009400000057b4ab9aee0b3a6576656e742d74797065070011636f6e74656e74426c6f
        636b44656c74610d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a
        736f6e0d3a6d6573736167652d747970650700056576656e747b22636f6e74656e74426c6f
        636b496e646578223a302c2264656c7461223a7b2274657874223a224869227d7d1f944657
        """)
    static let contentBlockDeltaPayload = #"{"contentBlockIndex":0,"delta":{"text":"Hi"}}"#

    static let throttlingException = bytes(hex: """
        000000b2000000613590d5d3
        0f3a657863657074696f6e2d747970650700137468726f74746c696e67457863657074696f6e
        0d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e
        0d3a6d6573736167652d74797065070009657863657074696f6e
        7b226d657373616765223a22546f6f206d616e792072657175657374732c20706c65617365
        2077616974206265666f726520747279696e6720616761696e2e227d
        e8ffb26a
        """)
    static let throttlingMessage = "Too many requests, please wait before trying again."
}

@Suite struct KnownAnswerTests {
    @Test func encodesContentBlockDeltaByteExact() {
        let frame = EventStreamMessage.event(
            type: "contentBlockDelta", payload: Array(KnownFrames.contentBlockDeltaPayload.utf8))
        let encoded = frame.encode()
        #expect(encoded.count == 148)
        #expect(hexString(encoded) == hexString(KnownFrames.contentBlockDelta))
    }

    @Test func encodesFromJSONValueByteExact() {
        let json: JSONValue = ["contentBlockIndex": 0, "delta": ["text": "Hi"]]
        #expect(EventStreamMessage.event(type: "contentBlockDelta", json: json).encode() == KnownFrames.contentBlockDelta)
    }

    @Test func encodesThrottlingExceptionByteExact() {
        let payload = Array(#"{"message":"Too many requests, please wait before trying again."}"#.utf8)
        let encoded = EventStreamMessage.exception(type: "throttlingException", payload: payload).encode()
        #expect(encoded.count == 178)
        #expect(hexString(encoded) == hexString(KnownFrames.throttlingException))
    }

    @Test func decodesContentBlockDelta() throws {
        var d = EventStreamDecoder()
        d.feed(KnownFrames.contentBlockDelta)
        let m = try #require(try d.next())
        #expect(m.headers.map(\.name) == [":event-type", ":content-type", ":message-type"])
        #expect(m.eventType == "contentBlockDelta")
        #expect(m[header: ":content-type"] == .string("application/json"))
        #expect(m.messageType == "event")
        #expect(String(decoding: m.payload, as: UTF8.self) == KnownFrames.contentBlockDeltaPayload)
        #expect(try d.next() == nil)
        try d.finish()
    }

    @Test func decodesThrottlingException() throws {
        var d = EventStreamDecoder()
        d.feed(KnownFrames.throttlingException)
        let m = try #require(try d.next())
        #expect(m.messageType == "exception")
        #expect(m.exceptionType == "throttlingException")
        let body = try JSONValue.parse(m.payload)
        #expect(body["message"]?.stringValue == KnownFrames.throttlingMessage)
    }

    @Test func decodesByteAtATime() throws {
        let stream = KnownFrames.contentBlockDelta + KnownFrames.throttlingException + KnownFrames.contentBlockDelta
        var d = EventStreamDecoder()
        var got: [EventStreamMessage] = []
        for b in stream {
            d.feed(CollectionOfOne(b))
            while let m = try d.next() { got.append(m) }
        }
        try d.finish()
        #expect(got.map { $0.eventType ?? $0.exceptionType ?? "" }
            == ["contentBlockDelta", "throttlingException", "contentBlockDelta"])
        #expect(got[0].encode() == KnownFrames.contentBlockDelta)
        #expect(got[1].encode() == KnownFrames.throttlingException)
    }

    @Test func decodesArbitraryChunkings() throws {
        let stream = KnownFrames.contentBlockDelta + KnownFrames.throttlingException
        for chunk in [2, 3, 5, 11, 12, 13, 147, 148, 149, 500] {
            var d = EventStreamDecoder()
            var count = 0
            var i = 0
            while i < stream.count {
                d.feed(stream[i..<min(i + chunk, stream.count)])
                i += chunk
                while try d.next() != nil { count += 1 }
            }
            #expect(count == 2, "chunk size \(chunk)")
            #expect(d.bufferedByteCount == 0)
        }
    }

    @Test func awsErrorRendersThePinnedExceptionFrame() {
        let e = AWSError(code: "ThrottlingException", status: 429, message: KnownFrames.throttlingMessage)
        #expect(e.exceptionMessage().encode() == KnownFrames.throttlingException)
    }
}
