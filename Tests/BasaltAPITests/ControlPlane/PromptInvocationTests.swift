import BasaltAPI
import BasaltCore
import BasaltWire
import Testing

@Suite struct PromptInvocationTests {
    static func textPrompt() -> JSONObject {
        let json = try! JSONValue.parse("""
            {"defaultVariant": "v1", "variants": [{"name": "v1", "templateType": "TEXT",
              "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
              "templateConfiguration": {"text": {"text": "Translate {{message}} into {{language}}.",
                "inputVariables": [{"name": "language"}, {"name": "message"}]}},
              "inferenceConfiguration": {"text": {"maxTokens": 50, "temperature": 0.2, "stopSequences": ["END"]}}}]}
            """)
        return json.objectValue!
    }

    static func request(_ text: String) -> JSONObject { (try! JSONValue.parse(text)).objectValue! }

    @Test func rendersTextTemplate() throws {
        let rendered = try PromptInvocation.render(
            prompt: Self.textPrompt(),
            request: Self.request(#"{"promptVariables": {"language": {"text": "French"}, "message": {"text": "hello"}}}"#))
        #expect(rendered.modelId == "anthropic.claude-3-haiku-20240307-v1:0")
        let expected = try JSONValue.parse("""
            {"messages": [{"role": "user", "content": [{"text": "Translate hello into French."}]}],
             "inferenceConfig": {"maxTokens": 50, "temperature": 0.2, "stopSequences": ["END"]}}
            """)
        #expect(JSONValue.object(rendered.converse) == expected)
    }

    @Test func appendsRequestMessagesAndKeepsOtherMembers() throws {
        let rendered = try PromptInvocation.render(
            prompt: Self.textPrompt(),
            request: Self.request("""
                {"promptVariables": {"language": {"text": "French"}, "message": {"text": "hello"}},
                 "messages": [{"role": "assistant", "content": [{"text": "ok"}]}], "requestMetadata": {"a": "b"}}
                """))
        #expect(rendered.converse["messages"]?.arrayValue?.count == 2)
        #expect(rendered.converse["requestMetadata"] == ["a": "b"])
        #expect(rendered.converse["promptVariables"] == nil)
    }

    @Test(arguments: PromptInvocation.forbiddenMembers)
    func refusesForbiddenMembers(_ member: String) {
        var request = Self.request(#"{"promptVariables": {"language": {"text": "x"}, "message": {"text": "y"}}}"#)
        request[member] = ["maxTokens": 5]
        #expect(throws: AWSError.self) { try PromptInvocation.render(prompt: Self.textPrompt(), request: request) }
    }

    @Test func missingAndUnknownVariables() {
        let missing = Self.request(#"{"promptVariables": {"language": {"text": "x"}}}"#)
        #expect { try PromptInvocation.render(prompt: Self.textPrompt(), request: missing) } throws: { error in
            (error as? AWSError)?.message.contains("message") == true && (error as? AWSError)?.status == 400
        }
        let unknown = Self.request(
            #"{"promptVariables": {"language": {"text": "x"}, "message": {"text": "y"}, "extra": {"text": "z"}}}"#)
        #expect { try PromptInvocation.render(prompt: Self.textPrompt(), request: unknown) } throws: { error in
            (error as? AWSError)?.message.contains("extra") == true
        }
    }

    @Test func rendersChatTemplateWithSystemAndTools() throws {
        let prompt = try JSONValue.parse("""
            {"variants": [{"name": "c", "templateType": "CHAT", "modelId": "us.anthropic.claude-3-5-sonnet-20241022-v2:0",
              "templateConfiguration": {"chat": {
                "system": [{"text": "You speak {{language}}."}],
                "messages": [{"role": "user", "content": [{"text": "Say {{message}}"}]}],
                "toolConfiguration": {"tools": [{"toolSpec": {"name": "t", "inputSchema": {"json": {"type": "object"}}}}]}}}}]}
            """).objectValue!
        let rendered = try PromptInvocation.render(
            prompt: prompt,
            request: Self.request(#"{"promptVariables": {"language": {"text": "Dutch"}, "message": {"text": "hi"}}}"#))
        #expect(rendered.converse["system"] == [["text": "You speak Dutch."]])
        #expect(rendered.converse["messages"] == [["role": "user", "content": [["text": "Say hi"]]]])
        #expect(rendered.converse["toolConfig"]?["tools"]?.arrayValue?.count == 1)
        #expect(rendered.converse["inferenceConfig"] == nil)
        // The rendered object is a valid Converse request.
        let input = try ConverseDecoder.decode(root: rendered.converse, modelId: rendered.modelId, streaming: false)
        #expect(input.request.system == ["You speak Dutch."])
    }
}
