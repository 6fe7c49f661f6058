import Foundation
import Testing
@testable import BasaltWire

@Suite struct Base64Tests {
    @Test func rfc4648Vectors() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=",
                       "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test func matchesFoundationOnRandomData() {
        var rng = SystemRandomNumberGenerator()
        for n in 0..<200 {
            let data = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let reference = Data(data).base64EncodedString()
            #expect(Base64.encode(data) == reference)
            #expect(Base64.decode(reference) == data)
        }
    }

    @Test func tolerantDecoding() {
        #expect(Base64.decode("Zm9vYg") == Array("foob".utf8))  // no padding
        #expect(Base64.decode("Zm9vYmE") == Array("fooba".utf8))
        #expect(Base64.decode("Zm9v\r\nYmFy\n") == Array("foobar".utf8))  // MIME line breaks
        #expect(Base64.decode("-_-_") == Base64.decode("+/+/"))  // URL-safe alphabet
        // §4.6 example: the chunk.bytes of a Claude content_block_delta.
        let chunk = "eyJ0eXBlIjoiY29udGVudF9ibG9ja19kZWx0YSIsImluZGV4IjowLCJkZWx0YSI6eyJ0eXBlIjoidGV4dF9kZWx0YSIsInRleHQiOiJIaSJ9fQ=="
        #expect(Base64.decode(chunk).map { String(decoding: $0, as: UTF8.self) }
            == #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}"#)
    }

    @Test func rejectsGarbage() {
        for bad in ["Zm9v!", "Z", "Zm9vY", "Zg==Zg==", "Zg===", "=Zg=", "Zm9=v", "Zm9v\u{e9}"] {
            #expect(Base64.decode(bad) == nil, "\(bad)")
        }
    }
}
