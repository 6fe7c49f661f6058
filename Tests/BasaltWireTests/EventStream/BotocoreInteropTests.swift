import BasaltCore
import Foundation
import Testing
@testable import BasaltWire

/// Frames encoded in Swift, decoded by botocore (`EventStreamBuffer` and the model-driven
/// `EventStream` parser boto3 uses), and frames encoded in Python decoded in Swift.
@Suite struct BotocoreInteropTests {
    /// Decodes hex frames (one stream per stdin line) with botocore, feeding 7-byte pieces, and prints
    /// one JSON document per message: headers (bytes as hex, uuids as hex) and the payload as text.
    static let lowLevelDecoder = #"""
        import sys, json
        from botocore.eventstream import EventStreamBuffer
        out = []
        for line in sys.stdin.read().split():
            data = bytes.fromhex(line)
            buf = EventStreamBuffer()
            for i in range(0, len(data), 7):
                buf.add_data(data[i:i + 7])
            for m in buf:
                hs = {}
                for k, v in m.headers.items():
                    hs[k] = v.hex() if isinstance(v, (bytes, bytearray)) else v
                out.append({"headers": hs, "order": list(m.headers.keys()),
                            "payload": m.payload.decode("utf-8"), "total": m.prelude.total_length})
        print(json.dumps(out))
        """#

    @Test func botocoreDecodesEveryHeaderType() throws {
        let message = EventStreamMessage(headers: HeaderRoundTripTests.allTypes, payload: Array("payload".utf8))
        let encoded = message.encode()
        let r = try runPython(Self.lowLevelDecoder, input: hexString(encoded))
        #expect(r.status == 0, "\(r.err)")
        let decoded = try JSONValue.parse(r.out)
        let m = try #require(decoded.arrayValue?.first)
        #expect(m["total"]?.intValue == encoded.count)
        #expect(m["payload"]?.stringValue == "payload")
        #expect(m["order"] == .array(HeaderRoundTripTests.allTypes.map { .string($0.name) }))
        let h = try #require(m["headers"])
        #expect(h["t"] == .bool(true))
        #expect(h["f"] == .bool(false))
        #expect(h["b"]?.intValue == -5)
        #expect(h["s"]?.intValue == -300)
        #expect(h["i"]?.intValue == 70000)
        #expect(h["l"]?.intValue == 1 << 40)
        #expect(h["ba"]?.stringValue == "000102")
        #expect(h["str"]?.stringValue == "h\u{e9}llo")
        #expect(h["ts"]?.intValue == 1_700_000_000_123)
        #expect(h["u"]?.stringValue == "0123456789abcdef0123456789abcdef")
        #expect(h["minByte"]?.intValue == -128)
        #expect(h["maxShort"]?.intValue == 32767)
        #expect(h["minInt"]?.intValue == Int(Int32.min))
        #expect(h["preEpoch"]?.intValue == -1)
        #expect(h["emptyString"]?.stringValue == "")
        #expect(h["emptyBytes"]?.stringValue == "")
    }

    @Test func botocoreParsesAConverseStreamAsBoto3UsersSeeIt() throws {
        let events: [(String, JSONValue)] = [
            ("messageStart", ["role": "assistant", "p": "abcdefghijklmnop"]),
            ("contentBlockDelta", ["contentBlockIndex": 0, "delta": ["text": "Bonjour \u{e9}\u{1F600} \"q\"\n"]]),
            ("contentBlockStop", ["contentBlockIndex": 0]),
            ("contentBlockStart", ["contentBlockIndex": 1,
                                   "start": ["toolUse": ["toolUseId": "tooluse_abc123", "name": "get_weather"]]]),
            ("contentBlockDelta", ["contentBlockIndex": 1, "delta": ["toolUse": ["input": "{\"city\":\"Paris\"}"]]]),
            ("contentBlockStop", ["contentBlockIndex": 1]),
            ("messageStop", ["stopReason": "tool_use"]),
            ("metadata", ["usage": ["inputTokens": 25, "outputTokens": 12, "totalTokens": 37],
                          "metrics": ["latencyMs": 412]]),
        ]
        var stream: [UInt8] = []
        for (type, json) in events { EventStreamMessage.event(type: type, json: json).encode(into: &stream) }
        let error = AWSError(code: "ModelStreamErrorException", status: 424, message: "Model stream error")
            .with("originalStatusCode", 500).with("originalMessage", "upstream died")
        error.exceptionMessage().encode(into: &stream)
        let script = #"""
            import sys, json
            import botocore.session
            from botocore.eventstream import EventStream
            from botocore.parsers import EventStreamJSONParser
            from botocore.exceptions import EventStreamError
            data = bytes.fromhex(sys.stdin.read().strip())
            class Raw:
                def stream(self, **kw):
                    for i in range(0, len(data), 5):
                        yield data[i:i + 5]
                def close(self): pass
            svc = botocore.session.get_session().get_service_model("bedrock-runtime")
            shape = svc.operation_model("ConverseStream").output_shape.members["stream"]
            seen = []
            try:
                for ev in EventStream(Raw(), shape, EventStreamJSONParser(), "ConverseStream"):
                    seen.append(ev)
                err = None
            except EventStreamError as e:
                err = e.response["Error"]
            print(json.dumps({"events": seen, "error": err}))
            """#
        let r = try runPython(script, input: hexString(stream))
        #expect(r.status == 0, "\(r.err)")
        let out = try JSONValue.parse(r.out)
        let seen = try #require(out["events"]?.arrayValue)
        #expect(seen.count == events.count)
        for (got, (type, json)) in zip(seen, events) {
            var expected = json
            if case .object(var o) = json { o["p"] = nil; expected = .object(o) }  // botocore drops unknown keys
            #expect(got[type].map(sortedKeys) == sortedKeys(expected), "event \(type)")
        }
        #expect(out["error"] == ["Code": "modelStreamErrorException", "Message": "Model stream error"])
    }

    @Test func botocoreMapsErrorFrames() throws {
        let frame = EventStreamMessage.error(code: "InternalFailure", message: "boom \u{e9}").encode()
        let r = try runPython(Self.lowLevelDecoder, input: hexString(frame))
        #expect(r.status == 0, "\(r.err)")
        let m = try #require(try JSONValue.parse(r.out).arrayValue?.first)
        #expect(m["headers"] == [":error-code": "InternalFailure", ":error-message": "boom \u{e9}", ":message-type": "error"])
        #expect(m["payload"] == "")
    }

    @Test func swiftDecodesFramesEncodedByAnIndependentPythonEncoder() throws {
        // The encoder of eventstream_check.py (struct + binascii.crc32), with random header sets.
        let script = #"""
            import struct, binascii, json, random, sys
            random.seed(int(sys.stdin.read()))
            def crc(b): return binascii.crc32(b) & 0xFFFFFFFF
            def header(name, t, v):
                n = name.encode(); out = struct.pack(">B", len(n)) + n + struct.pack(">B", t)
                if t == 2: out += struct.pack(">b", v)
                elif t == 3: out += struct.pack(">h", v)
                elif t == 4: out += struct.pack(">i", v)
                elif t in (5, 8): out += struct.pack(">q", v)
                elif t == 6: out += struct.pack(">H", len(v)) + v
                elif t == 7: e = v.encode(); out += struct.pack(">H", len(e)) + e
                elif t == 9: out += v
                return out
            def gen(t):
                if t == 2: return random.randint(-128, 127)
                if t == 3: return random.randint(-2**15, 2**15 - 1)
                if t == 4: return random.randint(-2**31, 2**31 - 1)
                if t in (5, 8): return random.randint(-2**63, 2**63 - 1)
                if t == 6: return bytes(random.randrange(256) for _ in range(random.randint(0, 40)))
                if t == 7: return "".join(random.choice("abc\u00e9\u4e2d\U0001F600 ") for _ in range(random.randint(0, 30)))
                if t == 9: return bytes(random.randrange(256) for _ in range(16))
                return None
            stream = b""; described = []
            for k in range(50):
                hs = []; desc = []
                for j in range(random.randint(0, 12)):
                    t = random.randint(0, 9); v = gen(t); name = "h%d-%d" % (k, j)
                    hs.append(header(name, t, v))
                    dv = v.hex() if isinstance(v, bytes) else (str(v) if t in (5, 8) else v)
                    desc.append([name, t, dv])
                payload = bytes(random.randrange(256) for _ in range(random.randint(0, 300)))
                hb = b"".join(hs); total = 16 + len(hb) + len(payload)
                pre = struct.pack(">II", total, len(hb)); pre += struct.pack(">I", crc(pre))
                body = pre + hb + payload; stream += body + struct.pack(">I", crc(body))
                described.append({"headers": desc, "payload": payload.hex()})
            print(stream.hex()); print(json.dumps(described))
            """#
        let seed = UInt32.random(in: 0...UInt32.max)
        let r = try runPython(script, input: String(seed))
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n")
        try #require(lines.count == 2)
        let expected = try #require(try JSONValue.parse(String(lines[1])).arrayValue)
        var d = EventStreamDecoder()
        var got: [EventStreamMessage] = []
        let stream = bytes(hex: String(lines[0]))
        var i = 0
        while i < stream.count {  // irregular chunk sizes
            let n = Int.random(in: 1...97)
            d.feed(stream[i..<min(i + n, stream.count)])
            i += n
            while let m = try d.next() { got.append(m) }
        }
        try d.finish()
        #expect(got.count == expected.count, "seed \(seed)")
        for (m, e) in zip(got, expected) {
            #expect(hexString(m.payload) == e["payload"]?.stringValue, "seed \(seed)")
            let hs = e["headers"]?.arrayValue ?? []
            #expect(m.headers.count == hs.count)
            for (h, eh) in zip(m.headers, hs) {
                #expect(.string(h.name) == eh.arrayValue?[0])
                #expect(Double(h.value.typeByte) == eh.arrayValue?[1].doubleValue)
                #expect(describe(h.value) == eh.arrayValue?[2], "seed \(seed) header \(h.name)")
            }
        }
    }

    /// The same document with object keys sorted (botocore re-orders members by shape).
    private func sortedKeys(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let o): .object(JSONObject(o.keys.sorted().map { ($0, sortedKeys(o[$0]!)) }))
        case .array(let a): .array(a.map(sortedKeys))
        default: v
        }
    }

    /// The Python description of a header value. 64-bit values travel as decimal strings because
    /// JSONValue stores numbers as Double.
    private func describe(_ v: HeaderValue) -> JSONValue {
        switch v {
        case .bool: .null
        case .byte(let x): .number(Double(x))
        case .short(let x): .number(Double(x))
        case .integer(let x): .number(Double(x))
        case .long(let x), .timestamp(milliseconds: let x): .string(String(x))
        case .byteArray(let b): .string(hexString(b))
        case .string(let s): .string(s)
        case .uuid(let u): .string(hexString(withUnsafeBytes(of: u.uuid) { Array($0) }))
        }
    }
}
