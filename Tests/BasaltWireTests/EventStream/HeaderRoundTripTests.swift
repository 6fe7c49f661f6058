import Foundation
import Testing
@testable import BasaltWire

@Suite struct HeaderRoundTripTests {
    static let uuid = UUID(uuidString: "01234567-89AB-CDEF-0123-456789ABCDEF")!

    /// The header set of eventstream_check.py `check_all_header_types`, plus extremes.
    static let allTypes: [EventStreamHeader] = [
        .init(name: "t", value: .bool(true)),
        .init(name: "f", value: .bool(false)),
        .init(name: "b", value: .byte(-5)),
        .init(name: "s", value: .short(-300)),
        .init(name: "i", value: .integer(70000)),
        .init(name: "l", value: .long(1 << 40)),
        .init(name: "ba", value: .byteArray([0, 1, 2])),
        .init(name: "str", value: .string("h\u{e9}llo")),
        .init(name: "ts", value: .timestamp(milliseconds: 1_700_000_000_123)),
        .init(name: "u", value: .uuid(uuid)),
        .init(name: "minByte", value: .byte(.min)),
        .init(name: "maxShort", value: .short(.max)),
        .init(name: "minInt", value: .integer(.min)),
        .init(name: "minLong", value: .long(.min)),
        .init(name: "emptyString", value: .string("")),
        .init(name: "emptyBytes", value: .byteArray([])),
        .init(name: "preEpoch", value: .timestamp(milliseconds: -1)),
        .init(name: String(repeating: "n", count: 255), value: .string(String(repeating: "\u{1F600}", count: 16_383))),
    ]

    @Test func everyHeaderTypeRoundTrips() throws {
        let message = EventStreamMessage(headers: Self.allTypes, payload: Array("payload".utf8))
        try message.validate()
        var d = EventStreamDecoder()
        d.feed(message.encode())
        let decoded = try #require(try d.next())
        #expect(decoded == message)
        #expect(decoded.headers.map(\.value.typeByte) == Self.allTypes.map(\.value.typeByte))
    }

    @Test func typeBytesFollowTheSpecTable() {
        #expect(Self.allTypes.prefix(10).map(\.value.typeByte) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    }

    @Test func headerValueLayoutIsBigEndian() throws {
        let m = EventStreamMessage(headers: [.init(name: "i", value: .integer(0x0102_0304))])
        let e = m.encode()
        // prelude(12) + name_len(1) + "i"(1) + type(1) → value at 15.
        #expect(Array(e[15..<19]) == [1, 2, 3, 4])
        #expect(e[14] == 4)
    }

    @Test func timestampFromDateTruncatesToMilliseconds() {
        let v = HeaderValue.timestamp(Date(timeIntervalSince1970: 1_700_000_000.1239))
        #expect(v == .timestamp(milliseconds: 1_700_000_000_123))
    }

    @Test func validateRejectsWhatCannotBeFramed() {
        #expect(throws: EventStreamError.invalidHeaderName(offset: 0)) {
            try EventStreamMessage(headers: [.string("", "x")]).validate()
        }
        #expect(throws: EventStreamError.invalidHeaderName(offset: 0)) {
            try EventStreamMessage(headers: [.string(String(repeating: "a", count: 256), "x")]).validate()
        }
        #expect(throws: EventStreamError.duplicateHeader(":a")) {
            try EventStreamMessage(headers: [.string(":a", "x"), .string(":a", "y")]).validate()
        }
        #expect(throws: EventStreamError.headerValueTooLong(name: "big")) {
            try EventStreamMessage(headers: [.string("big", String(repeating: "x", count: 65_536))]).validate()
        }
        #expect(throws: EventStreamError.payloadTooLong(EventStreamMessage.maxPayloadLength + 1)) {
            try EventStreamMessage(headers: [], payload: [UInt8](repeating: 0, count: EventStreamMessage.maxPayloadLength + 1))
                .validate()
        }
    }

    @Test func errorMessageFrameClampsLongMessages() throws {
        let long = String(repeating: "\u{e9}", count: 40_000)  // 80,000 UTF-8 bytes
        let m = EventStreamMessage.error(code: "InternalFailure", message: long)
        try m.validate()
        #expect(m.headers.map(\.name) == [":error-code", ":error-message", ":message-type"])
        #expect(m[header: ":error-message"]?.stringValue?.utf8.count == 65_534)
        #expect(m.payload.isEmpty)
    }
}
