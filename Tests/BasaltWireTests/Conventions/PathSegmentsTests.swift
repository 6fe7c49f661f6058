import Testing
@testable import BasaltWire

@Suite struct PathSegmentsTests {
    @Test func modelIdWithEncodedColon() throws {
        // As boto3 sends it (bedrock-wire.md §1.2).
        #expect(try PathSegments.split("/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke")
            == ["model", "anthropic.claude-3-haiku-20240307-v1:0", "invoke"])
        // Other clients send ':' unencoded.
        #expect(try PathSegments.split("/model/anthropic.claude-3-haiku-20240307-v1:0/invoke")
            == ["model", "anthropic.claude-3-haiku-20240307-v1:0", "invoke"])
    }

    @Test func arnWithEncodedSlashStaysInOneSegment() throws {
        let raw = "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc123xyz/invoke"
        #expect(try PathSegments.split(raw) == [
            "model", "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz", "invoke",
        ])
    }

    @Test func lowerCaseHexPlusUTF8AndQuery() throws {
        #expect(try PathSegments.split("/a%2fb/c+d/%C3%A9t%C3%A9?x=%2F") == ["a/b", "c+d", "\u{e9}t\u{e9}"])
        #expect(try PathSegments.split("/") == [])
        #expect(try PathSegments.split("") == [])
        #expect(try PathSegments.split("/a//b/") == ["a", "", "b", ""])
    }

    @Test func malformedEscapesAreRejected() {
        for bad in ["/model/abc%", "/model/abc%3", "/model/%G0/x", "/model/%%41", "/x/%3g"] {
            #expect(throws: PathSegments.DecodingError.self, "\(bad)") { try PathSegments.split(bad) }
        }
    }

    @Test func invalidUTF8IsRejected() {
        for bad in ["/a/%FF", "/a/%C3", "/a/%C3%28", "/a/%ED%A0%80"] {  // last: encoded surrogate
            #expect(throws: PathSegments.DecodingError.self, "\(bad)") { try PathSegments.split(bad) }
        }
    }

    @Test func encodeMatchesWhatBoto3Sends() throws {
        let arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz"
        #expect(PathSegments.percentEncode(arn)
            == "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc123xyz")
        #expect(PathSegments.percentEncode("a b~\u{e9}") == "a%20b~%C3%A9")
        #expect(try PathSegments.percentDecode(PathSegments.percentEncode("x/y:z \u{1F600}")) == "x/y:z \u{1F600}")
    }
}
