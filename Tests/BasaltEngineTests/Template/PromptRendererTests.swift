import BasaltCore
import Foundation
import Testing
@testable import BasaltEngine

@Suite struct PromptRendererTests {
    static func template(_ name: String, bos: String = "", eos: String = "") throws -> ChatTemplate {
        let url = ChatTemplateGoldenTests.fixtures.appendingPathComponent(name + ".jinja")
        return try ChatTemplate(source: try String(contentsOf: url, encoding: .utf8), bosToken: bos, eosToken: eos)
    }

    static let weatherTool = ToolSpec(
        name: "get_weather", description: "Get the current weather for a city.",
        inputSchema: ["type": "object", "properties": [
            "city": ["type": "string", "description": "City name, e.g. Paris"],
            "unit": ["type": "string", "enum": ["celsius", "fahrenheit"]],
        ], "required": ["city"]])

    /// The golden "tools" conversation of make_template_reference.py, as a canonical request.
    static let toolConversation = GenerationRequest(
        modelId: "m", system: ["Use tools when helpful."],
        messages: [
            Message(role: .user, content: [.text("Weather in Paris?")]),
            Message(role: .assistant, content: [
                .toolUse(ToolUse(id: "call12345", name: "get_weather", input: ["city": "Paris", "unit": "celsius"])),
            ]),
            Message(role: .user, content: [
                .toolResult(ToolResult(toolUseId: "call12345", content: [.text("{\"temperature\": 21, \"sky\": \"clear\"}")])),
                .text("And should I bring an umbrella?"),
            ]),
        ],
        tools: [weatherTool])

    static func golden(_ template: String, _ conversation: String) throws -> String {
        let c = try ChatTemplateGoldenTests.cases().first {
            $0["template"]?.stringValue == template && $0["conversation"]?.stringValue == conversation
        }
        return try #require(c?["expected"]?.stringValue)
    }

    @Test("native tool templates get tools, tool_calls and tool messages (matches HF golden)",
          arguments: [("qwen2.5", "", "<|im_end|>"), ("llama3.1", "<|begin_of_text|>", "<|eot_id|>")])
    func nativeTools(name: String, bos: String, eos: String) throws {
        let r = PromptRenderer(template: try Self.template(name, bos: bos, eos: eos))
        let out = try r.render(Self.toolConversation)
        #expect(out.text == (try Self.golden(name, "tools")))
        #expect(out.prefill == "")
    }

    @Test("templates without tools get instructions, <tool_call> history and <tool_response> results")
    func textTools() throws {
        let r = PromptRenderer(template: try Self.template("smollm2"))
        let out = try r.render(Self.toolConversation)
        let tools = #"{"type": "function", "function": {"name": "get_weather", "description": "Get the current weather for a city.", "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "City name, e.g. Paris"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["city"]}}}"#
        let expected = "<|im_start|>system\nUse tools when helpful.\n\n# Tools\n\n"
            + "You may call one or more functions to assist with the user query.\n\n"
            + "You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n" + tools
            + "\n</tools>\n\nTo call a function, reply with one or more blocks in exactly this format:\n"
            + "<tool_call>\n{\"name\": \"NAME\", \"arguments\": {...}}\n</tool_call><|im_end|>\n"
            + "<|im_start|>user\nWeather in Paris?<|im_end|>\n"
            + "<|im_start|>assistant\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\", \"unit\": \"celsius\"}}\n</tool_call><|im_end|>\n"
            + "<|im_start|>user\n<tool_response>\n{\"temperature\": 21, \"sky\": \"clear\"}\n</tool_response>\nAnd should I bring an umbrella?<|im_end|>\n"
            + "<|im_start|>assistant\n"
        #expect(out.text == expected)
    }

    @Test("a final assistant message becomes the prefill; forced tool choice prefills <tool_call>")
    func prefill() throws {
        let r = PromptRenderer(template: try Self.template("smollm2"))
        let req = GenerationRequest(modelId: "m", messages: [
            Message(role: .user, content: [.text("Write a haiku")]),
            Message(role: .assistant, content: [.text("Autumn leaves")]),
        ])
        let out = try r.render(req)
        #expect(out.prefill == "Autumn leaves")
        #expect(out.text == "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n<|im_start|>user\nWrite a haiku<|im_end|>\n<|im_start|>assistant\n")
        var forced = GenerationRequest(modelId: "m", messages: [Message(role: .user, content: [.text("Paris?")])],
                                       tools: [Self.weatherTool], toolChoice: .tool("get_weather"))
        #expect(try r.render(forced).prefill == "<tool_call>\n")
        #expect(try r.render(forced).text.contains("You must call the function \"get_weather\"."))
        forced.toolChoice = .auto
        #expect(try r.render(forced).prefill == "")
    }

    @Test("documents, images and raw prompts")
    func blocks() throws {
        let r = PromptRenderer(template: try Self.template("smollm2"))
        let req = GenerationRequest(modelId: "m", system: ["Be brief."], messages: [
            Message(role: .user, content: [
                .document(DocumentBlock(name: "notes", format: "txt", text: "Line one.")),
                .image(MediaBlock(format: "png", bytes: [1, 2, 3])),
                .text("Summarise."),
            ]),
        ])
        #expect(try r.render(req).text == "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n<document name=\"notes\">\nLine one.\n</document>\nSummarise.<|im_end|>\n<|im_start|>assistant\n")
        var raw = req
        raw.rawPrompt = "verbatim"
        #expect(try r.render(raw) == RenderedPrompt(text: "verbatim"))
    }

    @Test("a system prompt joins the first user turn when the template has no system role")
    func gemmaSystem() throws {
        let r = PromptRenderer(template: try Self.template("gemma2", bos: "<bos>", eos: "<eos>"))
        let req = GenerationRequest(modelId: "m", system: ["Be brief."],
                                    messages: [Message(role: .user, content: [.text("Hello")])])
        #expect(try r.render(req).text == "<bos><start_of_turn>user\nBe brief.\n\nHello<end_of_turn>\n<start_of_turn>model\n")
    }
}
