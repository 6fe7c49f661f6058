import BasaltAPI
import BasaltCore
import BasaltWire
import Foundation
import Testing

@Suite struct ConverseDecoderTests {
    func decode(_ json: String, streaming: Bool = false) throws(AWSError) -> ConverseInput {
        try ConverseDecoder.decode(body: Array(json.utf8), modelId: "m", streaming: streaming)
    }

    func failure(_ json: String) -> AWSError? {
        do { _ = try decode(json); return nil } catch { return error }
    }

    @Test func decodesTheSpecExample() throws {
        let input = try decode("""
            {"system":[{"text":"You are terse."},{"cachePoint":{"type":"default"}}],
             "messages":[{"role":"user","content":[{"text":"Weather in Paris?"}]},
               {"role":"assistant","content":[{"toolUse":{"toolUseId":"tooluse_1","name":"get_weather","input":{"city":"Paris"}}}]},
               {"role":"user","content":[{"toolResult":{"toolUseId":"tooluse_1","status":"success","content":[{"json":{"tempC":21}}]}}]}],
             "inferenceConfig":{"maxTokens":512,"temperature":0.2,"topP":0.9,"stopSequences":["\\n\\nHuman:"]},
             "toolConfig":{"tools":[{"toolSpec":{"name":"get_weather","description":"Weather by city",
               "inputSchema":{"json":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}}],
               "toolChoice":{"auto":{}}},
             "additionalModelRequestFields":{"top_k":50},
             "additionalModelResponseFieldPaths":["/stop_sequence"],
             "requestMetadata":{"tenant":"acme"}}
            """)
        #expect(input.request.system == ["You are terse."])
        #expect(input.request.messages.count == 3)
        #expect(input.request.parameters.maxTokens == 512)
        #expect(input.request.parameters.temperature == 0.2)
        #expect(input.request.parameters.stopSequences == ["\n\nHuman:"])
        #expect(input.request.tools.map(\.name) == ["get_weather"])
        #expect(input.request.toolChoice == .auto)
        #expect(input.additionalModelRequestFields?["top_k"] == 50)
        #expect(input.requestMetadata == ["tenant": "acme"])
        guard case .toolResult(let result) = input.request.messages[2].content[0] else {
            Issue.record("expected a tool result")
            return
        }
        #expect(result.text == #"{"tempC":21}"#)
    }

    @Test func constraintViolationsUseCoralWording() {
        let e = failure(#"{"messages":[{"role":"user","content":[{"text":"hi"}]}],"inferenceConfig":{"temperature":1.5,"maxTokens":0}}"#)
        #expect(e?.code == "ValidationException")
        #expect(e?.status == 400)
        #expect(e?.message == "2 validation errors detected: "
            + "Value '0' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1; "
            + "Value '1.5' at 'inferenceConfig.temperature' failed to satisfy constraint: Member must have value less than or equal to 1")
    }

    @Test func listIndexesAreOneBasedMembers() {
        let e = failure(#"{"messages":[{"role":"system","content":[{"text":"hi"}]}]}"#)
        #expect(e?.message == "1 validation error detected: Value 'system' at 'messages.1.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]")
    }

    @Test func unionsNeedExactlyOneKnownMember() {
        #expect(failure(#"{"messages":[{"role":"user","content":[{"text":"a","image":{}}]}]}"#)?.message.contains("Exactly one member") == true)
        #expect(failure(#"{"messages":[{"role":"user","content":[{"hologram":{}}]}]}"#)?.message.contains("Unrecognized union member 'hologram'") == true)
    }

    @Test func inputSchemaMustBeAnObject() {
        let e = failure(#"{"messages":[{"role":"user","content":[{"text":"a"}]}],"toolConfig":{"tools":[{"toolSpec":{"name":"t","inputSchema":{"json":[1]}}}]}}"#)
        #expect(e?.message == "The format of the value at toolConfig.tools.0.toolSpec.inputSchema.json is invalid. Provide a json object for the field and try again.")
    }

    @Test func malformedJSON() {
        #expect(failure("{not json")?.message == "Malformed input request, please reformat your input and try again.")
    }

    @Test func documentsBecomeText() throws {
        let bytes = "<html><body><p>Total: 42</p><script>x()</script></body></html>"
        let b64 = [UInt8](bytes.utf8).base64
        let input = try decode(#"{"messages":[{"role":"user","content":[{"text":"sum?"},{"document":{"format":"html","name":"report","source":{"bytes":"\#(b64)"}}}]}]}"#)
        guard case .document(let doc) = input.request.messages[0].content[1] else {
            Issue.record("expected a document")
            return
        }
        #expect(doc.text == "Total: 42")
        #expect(doc.name == "report")
    }
}

extension [UInt8] {
    var base64: String { Data(self).base64EncodedString() }
}
