import BasaltAPI
import BasaltCore
import BasaltWire
import Testing

@Suite struct ConversationRulesTests {
    let caps = BackendCapabilities(contextLength: 8192, maxOutputTokens: 4096)
    let tool = ToolSpec(name: "get_weather", description: nil, inputSchema: ["type": "object"])

    func message(for messages: [Message], tools: [ToolSpec] = []) -> String? {
        do {
            try ConversationRules.validate(GenerationRequest(modelId: "m", messages: messages, tools: tools), capabilities: caps)
            return nil
        } catch { return error.message }
    }

    @Test func firstMessageMustBeUser() {
        #expect(message(for: [Message(role: .assistant, content: [.text("hi")])])
            == "A conversation must start with a user message. Try again with a conversation that starts with a user message.")
        #expect(message(for: []) != nil)
    }

    @Test func rolesAlternate() {
        let m = message(for: [Message(role: .user, content: [.text("a")]), Message(role: .user, content: [.text("b")])])
        #expect(m == "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.")
    }

    @Test func blankTextIsReportedWithZeroBasedIndexes() {
        let m = message(for: [
            Message(role: .user, content: [.text("a")]), Message(role: .assistant, content: [.text("b")]),
            Message(role: .user, content: [.text("ok"), .text("  \n")]),
        ])
        #expect(m == "The text field in the ContentBlock object at messages.2.content.1 is blank. Add text to the text field, and try again.")
    }

    @Test func toolBlocksNeedToolConfig() {
        let m = message(for: [
            Message(role: .user, content: [.text("a")]),
            Message(role: .assistant, content: [.toolUse(ToolUse(id: "t1", name: "get_weather", input: [:]))]),
            Message(role: .user, content: [.toolResult(ToolResult(toolUseId: "t1", content: [.text("sunny")]))]),
        ])
        #expect(m == "The toolConfig field must be defined when using toolUse and toolResult content blocks.")
    }

    @Test func toolResultsMustAnswerThePreviousTurn() {
        let use = Message(role: .assistant, content: [.toolUse(ToolUse(id: "t1", name: "get_weather", input: [:]))])
        let first = Message(role: .user, content: [.text("a")])
        #expect(message(for: [first, use, Message(role: .user, content: [.text("what?")])], tools: [tool])
            == "Expected toolResult blocks at messages.2.content for the following Ids: t1")
        let two = Message(role: .user, content: [
            .toolResult(ToolResult(toolUseId: "t1", content: [.text("x")])), .toolResult(ToolResult(toolUseId: "t2", content: [.text("y")])),
        ])
        #expect(message(for: [first, use, two], tools: [tool])
            == "The number of toolResult blocks at messages.2.content exceeds the number of toolUse blocks of previous turn.")
        let ok = Message(role: .user, content: [.toolResult(ToolResult(toolUseId: "t1", content: [.text("x")]))])
        #expect(message(for: [first, use, ok], tools: [tool]) == nil)
        let emptyError = Message(role: .user, content: [.toolResult(ToolResult(toolUseId: "t1", content: [], status: .error))])
        #expect(message(for: [first, use, emptyError], tools: [tool])
            == "The content field at messages.2.content.0.toolResult cannot be empty when status value is error.")
    }

    @Test func imagesNeedAVisionBackend() {
        let m = message(for: [Message(role: .user, content: [.text("what?"), .image(MediaBlock(format: "png", bytes: [1]))])])
        #expect(m == "This model doesn't support the image field for user messages.")
    }
}
