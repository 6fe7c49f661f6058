import BasaltAPI
import BasaltCore
import BasaltWire
import Testing

/// Golden fixtures: native request → canonical request; canned events → native response and stream chunks.
@Suite struct InvokeFixtureTests {
    @Test func everyTextFamilyHasAFixture() {
        let covered = Set(InvokeFixture.names.compactMap { try? InvokeFixture($0).family })
        for family in ModelFamily.allCases where InvokeFamilies.translator(for: family) != nil {
            #expect(covered.contains(family), "no fixture for \(family.rawValue)")
        }
    }

    @Test(arguments: InvokeFixture.names)
    func decodesTheNativeRequest(_ name: String) throws {
        let f = try InvokeFixture(name)
        let translator = try #require(InvokeFamilies.translator(for: f.family))
        #expect(translator.family == f.family)
        let input = try translator.decode(body: try #require(f.json["request"]), modelId: "m")
        #expect(input.request.modelId == "m")
        #expect(input.request.rawPrompt == nil)
        let got = Canonical.json(input)
        let want = try #require(f.json["canonical"])
        #expect(Canonical.same(got, want), "\(name): got \(Canonical.sorted(got).serialized())")
    }

    @Test(arguments: InvokeFixture.names)
    func encodesTheNativeResponse(_ name: String) throws {
        let f = try InvokeFixture(name)
        let translator = try #require(InvokeFamilies.translator(for: f.family))
        let input = try translator.decode(body: try #require(f.json["request"]), modelId: "m")
        var collector = ResponseCollector()
        for e in f.events { collector.add(e) }
        let got = translator.response(collector, context: InvokeFixture.context(input))
        #expect(Canonical.same(got, f.json["response"]), "\(name): got \(got.serialized())")
    }

    @Test(arguments: InvokeFixture.names)
    func encodesTheNativeStream(_ name: String) throws {
        let f = try InvokeFixture(name)
        let translator = try #require(InvokeFamilies.translator(for: f.family))
        let input = try translator.decode(body: try #require(f.json["request"]), modelId: "m")
        guard var encoder = translator.streamEncoder(context: InvokeFixture.context(input)) else {
            #expect(f.json["chunks"] == nil, "\(name): expected a stream encoder")
            return
        }
        var got: [JSONValue] = []
        for e in f.events { got += encoder.chunks(for: e) }
        #expect(encoder.finish().isEmpty)
        let want = try #require(f.json["chunks"]?.arrayValue)
        #expect(got.count == want.count, "\(name): \(got.map { $0.serialized() })")
        for (g, w) in zip(got, want) {
            #expect(Canonical.same(g, w), "\(name): got \(g.serialized())")
        }
        // Only the last chunk carries the invocation metrics.
        #expect(got.dropLast().allSatisfy { $0["amazon-bedrock-invocationMetrics"] == nil })
        #expect(got.last?["amazon-bedrock-invocationMetrics"] != nil)
    }
}
