import BasaltCore
import Foundation
import Testing
@testable import BasaltEngine

/// The real decoder (sampler + constraint + UTF-8 + assembler) driven by synthetic logits over SmolLM2's
/// real vocabulary, so it is checked independently of the model's numerics.
@Suite("ChatSequenceDecoder")
struct ChatSequenceDecoderTests {
    static let tokenizer: Tokenizer? = {
        guard LocalTextModelIntegrationTests.modelPresent,
              let file = try? GGUFFile(path: LocalTextModelIntegrationTests.modelPath) else { return nil }
        return try? Tokenizer.make(file.tokenizerVocabulary())
    }()

    static let weatherTool = ToolSpec(
        name: "get_weather", description: nil,
        inputSchema: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]])

    /// Logits that prefer `token` most, then `runnerUp`.
    static func logits(preferring token: Int32, then runnerUp: Int32? = nil, size: Int) -> [Float] {
        var l = [Float](repeating: 0, count: size)
        l[Int(token)] = 10
        if let runnerUp { l[Int(runnerUp)] = 5 }
        return l
    }

    @Test(.enabled(if: tokenizer != nil)) func plainTextStreamsAndEndsTheTurn() throws {
        let tokenizer = try #require(Self.tokenizer)
        let request = GenerationRequest(modelId: "m", messages: [], parameters: .init(temperature: 0))
        let decoder = ChatSequenceDecoder(tokenizer: tokenizer, request: request, prefill: "")
        var events: [GenerationEvent] = []
        for token in tokenizer.encode("Hello, café!", addSpecial: false) {
            let chosen = decoder.nextToken(logits: Self.logits(preferring: token, size: tokenizer.vocabularySize))
            #expect(chosen == token)
            let (e, stop) = decoder.consume(chosen)
            #expect(stop == nil)
            events += e
        }
        let end = try #require(tokenizer.tokenId(forText: "<|im_end|>"))
        let (e, stop) = decoder.consume(decoder.nextToken(logits: Self.logits(preferring: end, size: tokenizer.vocabularySize)))
        #expect(stop == DecoderStop(reason: .endTurn))
        events += e + decoder.finish(try #require(stop))
        let text = events.compactMap { if case .contentBlockDelta(_, .text(let t)) = $0 { t } else { nil } }.joined()
        #expect(text == "Hello, café!")
        #expect(events.last == .messageStop(.endTurn, stopSequence: nil))
    }

    @Test(.enabled(if: tokenizer != nil)) func forcedToolCallBansEndTokensAndStopsWhenComplete() throws {
        let tokenizer = try #require(Self.tokenizer)
        let request = GenerationRequest(
            modelId: "m", messages: [], tools: [Self.weatherTool], toolChoice: .tool("get_weather"),
            parameters: .init(temperature: 0))
        let decoder = ChatSequenceDecoder(tokenizer: tokenizer, request: request, prefill: "<tool_call>\n")
        let end = try #require(tokenizer.tokenId(forText: "<|im_end|>"))
        let call = #"{"name": "get_weather", "arguments": {"city": "Paris"}}"# + "\n</tool_call>"
        var events: [GenerationEvent] = []
        var stop: DecoderStop?
        for token in tokenizer.encode(call, addSpecial: false, parseSpecial: false) where stop == nil {
            // The end-of-turn token is the model's favourite, but the call is not complete: it is banned.
            let chosen = decoder.nextToken(logits: Self.logits(preferring: end, then: token, size: tokenizer.vocabularySize))
            #expect(!tokenizer.isEndOfGeneration(chosen))
            let result = decoder.consume(chosen)
            events += result.events
            stop = result.stop
        }
        #expect(stop == DecoderStop(reason: .toolUse))
        events += decoder.finish(try #require(stop))
        let names = events.compactMap { if case .contentBlockStart(_, .toolUse(_, let n)) = $0 { n } else { nil } }
        #expect(names == ["get_weather"])
        let input = events.compactMap { if case .contentBlockDelta(_, .toolUseInput(let s)) = $0 { s } else { nil } }.joined()
        #expect(try JSONValue.parse(input) == ["city": "Paris"])
        #expect(events.last == .messageStop(.toolUse, stopSequence: nil))
    }

    @Test(.enabled(if: tokenizer != nil)) func aCallTheModelOpensItselfIsConstrainedToo() throws {
        let tokenizer = try #require(Self.tokenizer)
        let request = GenerationRequest(modelId: "m", messages: [], tools: [Self.weatherTool],
                                        parameters: .init(temperature: 0))
        let decoder = ChatSequenceDecoder(tokenizer: tokenizer, request: request, prefill: "")
        let end = try #require(tokenizer.tokenId(forText: "<|im_end|>"))
        let text = "Let me check.<tool_call>\n" + #"{"name": "get_weather", "arguments": {"city": "Oslo"}}"#
            + "\n</tool_call>"
        let tokens = tokenizer.encode(text, addSpecial: false, parseSpecial: false)
        var events: [GenerationEvent] = []
        var stop: DecoderStop?
        var sawTag = false
        for token in tokens where stop == nil {
            // Before the tag the model is free; after it, the favoured end token must be refused.
            let chosen = decoder.nextToken(logits: Self.logits(preferring: sawTag ? end : token, then: token,
                                                               size: tokenizer.vocabularySize))
            #expect(chosen == token)
            let result = decoder.consume(chosen)
            events += result.events
            stop = result.stop
            sawTag = sawTag || tokenizer.decode(Array(tokens.prefix(through: tokens.firstIndex(of: token)!)))
                .contains("<tool_call>")
        }
        #expect(stop == DecoderStop(reason: .toolUse))
        events += decoder.finish(try #require(stop))
        let input = events.compactMap { if case .contentBlockDelta(_, .toolUseInput(let s)) = $0 { s } else { nil } }.joined()
        #expect(try JSONValue.parse(input) == ["city": "Oslo"])
        #expect(events.last == .messageStop(.toolUse, stopSequence: nil))
    }
}
