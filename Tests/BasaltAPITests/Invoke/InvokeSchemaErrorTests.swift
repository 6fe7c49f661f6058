import BasaltAPI
import BasaltCore
import BasaltWire
import Testing

/// Schema failures give Bedrock's `Malformed input request` messages (§2.3 catalogue).
@Suite struct InvokeSchemaErrorTests {
    func failure(_ family: ModelFamily, _ body: String) -> AWSError? {
        guard let t = InvokeFamilies.translator(for: family) else { return nil }
        do { _ = try t.decode(bytes: Array(body.utf8), modelId: "m"); return nil } catch { return error }
    }

    static func malformed(_ detail: String) -> String {
        "Malformed input request: \(detail), please reformat your input and try again."
    }

    @Test func anthropicRejectsStreamAndModel() {
        let e = failure(.anthropicMessages, """
            {"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"messages":[{"role":"user","content":"hi"}],
             "stream":true,"model":"claude"}
            """)
        #expect(e?.code == "ValidationException")
        #expect(e?.status == 400)
        #expect(e?.message == Self.malformed(
            "#: extraneous key [stream] is not permitted#: extraneous key [model] is not permitted"))
    }

    @Test func anthropicRequiresVersionAndValidRoles() {
        #expect(failure(.anthropicMessages, #"{"max_tokens":10,"messages":[{"role":"user","content":"hi"}]}"#)?.message
            == Self.malformed("#: required key [anthropic_version] not found"))
        #expect(failure(.anthropicMessages,
            #"{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"messages":[{"role":"system","content":"hi"}]}"#)?.message
            == Self.malformed("#/messages/0/role: system is not a valid enum value"))
        #expect(failure(.anthropicMessages,
            #"{"anthropic_version":"2023-06-01","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}"#)?.message
            == Self.malformed("#/anthropic_version: 2023-06-01 is not a valid enum value"))
    }

    @Test func titanReportsABareMessage() {
        #expect(failure(.titanText, #"{"inputText":"hi","foo":1}"#)?.message
            == Self.malformed("extraneous key [foo] is not permitted"))
        #expect(failure(.titanText, #"{"inputText":"hi","textGenerationConfig":{"temperature":1.5}}"#)?.message
            == Self.malformed("1.5 is not less or equal to 1"))
    }

    @Test func singleAndManyViolations() {
        #expect(failure(.metaLlama3, #"{"prompt":"x","stream":true}"#)?.message
            == Self.malformed("#: extraneous key [stream] is not permitted"))
        #expect(failure(.mistralText, #"{"prompt":"x","max_tokens":"5"}"#)?.message
            == Self.malformed("#/max_tokens: expected type: Integer, found: String"))
        #expect(failure(.metaLlama2, #"{"prompt":"x","images":["aGk="]}"#)?.message
            == Self.malformed("#: extraneous key [images] is not permitted"))
        #expect(failure(.metaLlama3, #"{"prompt":1,"temperature":2}"#)?.message
            == "Malformed input request: 2 schema violations found, please reformat your input and try again.")
        #expect(failure(.cohereCommandR, #"{"chat_history":[]}"#)?.message
            == Self.malformed("#: required key [message] not found"))
        #expect(failure(.nova, #"{"messages":[{"role":"user","content":[{"document":{}}]}]}"#)?.message
            == Self.malformed("#/messages/0/content/0: extraneous key [document] is not permitted"))
    }

    @Test func anthropicTextPromptMustEndWithAssistantTurn() {
        #expect(failure(.anthropicText, #"{"prompt":"\n\nHuman: hi","max_tokens_to_sample":5}"#)?.message
            == #"Invalid prompt: prompt must end with "\n\nAssistant:" turn"#)
    }

    @Test func nonObjectBodiesAreMalformed() {
        #expect(failure(.deepseek, "[1]")?.message == Self.malformed("#: expected type: JSONObject, found: JSONArray"))
        #expect(failure(.deepseek, "{not json")?.message == "Malformed input request, please reformat your input and try again.")
    }

    @Test func guardrailConfigIsAcceptedAndStripped() throws {
        let t = try #require(InvokeFamilies.translator(for: .titanText))
        let input = try t.decode(bytes: Array(#"{"inputText":"hi","amazon-bedrock-guardrailConfig":{"tagSuffix":"x"}}"#.utf8),
                                 modelId: "m")
        #expect(input.body["amazon-bedrock-guardrailConfig"] == nil)
    }

    @Test func nonTextFamiliesHaveNoTranslator() {
        for family in [ModelFamily.titanEmbedTextV2, .cohereEmbed, .titanImage, .stabilitySDXL, .novaSonic] {
            #expect(InvokeFamilies.translator(for: family) == nil)
        }
    }
}
