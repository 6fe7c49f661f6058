import BasaltWire
import Testing

/// Regression tests for a SigV4Fuzz finding: `/`, `?`, `&` and `=` were found with `Character` operations, and a
/// separator followed by a combining mark (U+0301, U+0617) is one grapheme cluster, so it did not separate and
/// `//` or `..` survived canonicalisation. botocore splits code points. Expected URIs are botocore's
/// `quote(normalize_url_path(path), safe='/~')` (botocore 1.43, run by hand); the query expectation follows
/// the §12.2 rule (split on `&`, decode, re-encode unreserved, sort by key).
@Suite struct CombiningMarkSeparatorTests {
    @Test(arguments: [
        ("/a//\u{0301}b", "/a/%CC%81b"),
        ("/a/b/../\u{0301}c", "/a/%CC%81c"),
        ("/a/./\u{0301}/", "/a/%CC%81/"),
        ("/\u{0301}", "/%CC%81"),
    ])
    func canonicalURISplitsBeforeCombiningMark(path: String, expected: String) {
        #expect(CanonicalRequest.canonicalURI(path) == expected)
    }

    @Test func fuzzerReproducer() {
        // Reduced from crash-77705b72…: "9////" followed by U+0617.
        let uri = CanonicalRequest.canonicalURI("/x/9////\u{0617}y//")
        #expect(uri == "/x/9/%D8%97y/")
    }

    @Test func queryIsCutAtQuestionMarkBeforeCombiningMark() {
        #expect(CanonicalRequest.canonicalURI("/a?\u{0301}b=1") == "/a")
    }

    @Test func canonicalQuerySplitsBeforeCombiningMark() {
        #expect(CanonicalRequest.canonicalQuery("a=1&\u{0301}b=2") == "%CC%81b=2&a=1")
        #expect(CanonicalRequest.canonicalQuery("k=\u{0301}v") == "k=%CC%81v")
        #expect(CanonicalRequest.canonicalQuery("k=\u{0301}=v") == "k=%CC%81%3Dv")
    }

    @Test func headerValueCRLFIsWhitespace() {
        // botocore: ' '.join(value.split()) == 'a b'.
        #expect(CanonicalRequest.trimAll("a\r\n b") == "a b")
        #expect(CanonicalRequest.trimAll(" x \t y ") == "x y")
    }

    @Test func pathSegmentsSplitBeforeCombiningMark() throws {
        #expect(try PathSegments.split("/model/x/\u{0301}y") == ["model", "x", "\u{0301}y"])
        #expect(try PathSegments.split("/a?\u{0301}b") == ["a"])
    }
}
