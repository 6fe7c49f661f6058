import BasaltAPI
import BasaltCore
import BasaltWire
import Testing

/// Raw prompts are parsed back into conversations; `rawPrompt` is set only for a model with the same template.
@Suite struct RawPromptTests {
    func parse(_ text: String, _ preferred: PromptFormat = .plain) -> (RawPrompt, ParsedPrompt) {
        RawPrompts.parse(text, preferring: preferred)
    }

    @Test func llama3KeepsAnAssistantPrefill() {
        let (raw, p) = parse(
            "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nName a colour<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\nThe colour is", .llama3)
        #expect(raw.template == .llama3)
        #expect(p.system.isEmpty)
        #expect(p.messages == [Message(role: .user, content: [.text("Name a colour")]),
                               Message(role: .assistant, content: [.text("The colour is")])])
    }

    @Test func anthropicTextWithASystemPrefix() {
        let (raw, p) = parse("You are kind.\n\nHuman: Hi\n\nAssistant: Hello!\n\nHuman: Bye\n\nAssistant:", .anthropicText)
        #expect(raw.template == .anthropicText)
        #expect(p.system == ["You are kind."])
        #expect(p.messages.map(\.role) == [.user, .assistant, .user])
        #expect(p.messages[1].content == [.text("Hello!")])
    }

    @Test func chatMLAndHarmonyAreDetectedInAnyFamily() {
        let (chatml, p1) = parse("<|im_start|>system\nBe nice.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", .llama3)
        #expect(chatml.template == .chatml)
        #expect(p1.system == ["Be nice."])
        #expect(p1.messages == [Message(role: .user, content: [.text("Hi")])])
        let (harmony, p2) = parse("<|start|>developer<|message|>Be terse.<|end|><|start|>user<|message|>Hi<|end|><|start|>assistant")
        #expect(harmony.template == .harmony)
        #expect(p2.system == ["Be terse."])
        #expect(p2.messages == [Message(role: .user, content: [.text("Hi")])])
    }

    @Test func titanAndPlainText() {
        let (titan, p) = parse("User: What is 2+2?\nBot: 4\nUser: And 3+3?\nBot:", .titan)
        #expect(titan.template == .titan)
        #expect(p.messages.map(\.role) == [.user, .assistant, .user])
        let (plain, q) = parse("Tell me a joke about [brackets].", .titan)
        #expect(plain.template == .plain)
        #expect(q.messages == [Message(role: .user, content: [.text("Tell me a joke about [brackets].")])])
    }

    @Test func rawPromptIsUsedOnlyForTheSameTemplate() throws {
        let prompt = "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"
        let t = try #require(InvokeFamilies.translator(for: .metaLlama3))
        let input = try t.decode(body: ["prompt": .string(prompt)], modelId: "m")
        #expect(input.request.rawPrompt == nil)
        #expect(input.request(servingTemplate: .chatml).rawPrompt == prompt)
        #expect(input.request(servingTemplate: .llama3).rawPrompt == nil)
        #expect(input.request(servingTemplate: nil).rawPrompt == nil)
    }
}

/// Stream framing and stream endings.
@Suite struct InvokeStreamTests {
    @Test func chunkFrameMatchesTheSpecExample() throws {
        let chunk: JSONValue = ["type": "content_block_delta", "index": 0, "delta": ["type": "text_delta", "text": "Hi"]]
        let frame = InvokeChunks.frame(chunk)
        #expect(frame.eventType == "chunk")
        #expect(frame.messageType == "event")
        // §4.6: the payload's `bytes` is base64 of the compact chunk JSON.
        #expect(String(decoding: frame.payload, as: UTF8.self) == #"{"bytes":"eyJ0eXBlIjoiY29udGVudF9ibG9ja19kZWx0YSIsImluZGV4IjowLCJkZWx0YSI6eyJ0eXBlIjoidGV4dF9kZWx0YSIsInRleHQiOiJIaSJ9fQ=="}"#)
    }

    @Test func finishClosesAStreamThatHadNoMetadata() throws {
        for family in ModelFamily.allCases {
            guard let t = InvokeFamilies.translator(for: family) else { continue }
            let context = InvokeContext(modelName: "m", requestId: "r-1", created: 0, promptTokens: 3,
                                        input: InvokeInput(request: GenerationRequest(modelId: "m", messages: [])))
            guard var encoder = t.streamEncoder(context: context) else { continue }
            var chunks: [JSONValue] = []
            chunks += encoder.chunks(for: .messageStart(.assistant))
            chunks += encoder.chunks(for: .contentBlockDelta(index: 0, .text("Hi")))
            chunks += encoder.chunks(for: .messageStop(.endTurn, stopSequence: nil))
            let tail = encoder.finish()
            #expect(!tail.isEmpty, "\(family.rawValue)")
            let metrics = tail.last?["amazon-bedrock-invocationMetrics"]
            #expect(metrics?["inputTokenCount"] == 3, "\(family.rawValue)")
            #expect(metrics?["outputTokenCount"] == 1, "\(family.rawValue)")
            #expect(encoder.finish().isEmpty)
            #expect(encoder.chunks(for: .contentBlockDelta(index: 0, .text("late"))).isEmpty)
        }
    }
}
