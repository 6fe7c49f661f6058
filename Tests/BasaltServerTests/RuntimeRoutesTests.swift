import BasaltCore
import BasaltServer
import BasaltWire
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@Suite struct RuntimeRoutesTests {
    func withApp(_ backend: ScriptedBackend = ScriptedBackend(), _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let registry = ModelRegistry(region: "us-east-1", defaultText: backend)
        let app = BasaltServer.makeApplication(
            configuration: ServerConfiguration(), registry: registry, logger: Logger(label: "test"))
        try await app.test(.router) { client in try await body(client) }
    }

    static let hello = #"{"messages":[{"role":"user","content":[{"text":"hi"}]}]}"#

    func post(_ client: any TestClientProtocol, _ path: String, _ body: String = hello) async throws -> TestResponse {
        try await client.execute(uri: path, method: .post, body: ByteBuffer(string: body))
    }

    @Test func converseThroughAnEncodedProfileArn() async throws {
        try await withApp { client in
            let arn = "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-5-sonnet-20241022-v2%3A0"
            let r = try await post(client, "/model/\(arn)/converse")
            #expect(r.status == .ok)
            #expect(r.headers[HTTPField.Name("x-amzn-RequestId")!] != nil)
            let json = try JSONValue.parse(Array(buffer: r.body))
            #expect(json["output"]?["message"]?["content"]?.arrayValue?.first?["text"] == "Hello there.")
            #expect(json["usage"]?["totalTokens"] == 4)
        }
    }

    @Test func errorsCarryAWSHeaders() async throws {
        try await withApp { client in
            let r = try await post(client, "/model/nonsense%20id/converse")
            #expect(r.status == .badRequest)
            #expect(r.headers[HTTPField.Name("x-amzn-ErrorType")!]?.hasPrefix("ValidationException:") == true)
            #expect(try JSONValue.parse(Array(buffer: r.body))["message"] == "The provided model identifier is invalid.")
            let unknown = try await post(client, "/model/x/unknown-operation")
            #expect(unknown.status == .notFound)
            let badEscape = try await post(client, "/model/anthropic%ZZ/converse")
            #expect(badEscape.status == .badRequest)
        }
    }

    @Test func streamFramesDecodeInOrder() async throws {
        try await withApp { client in
            let r = try await post(client, "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream")
            #expect(r.headers[.contentType] == "application/vnd.amazon.eventstream")
            var decoder = EventStreamDecoder()
            decoder.feed(Array(buffer: r.body))
            var types: [String] = []
            while let m = try decoder.next() {
                types.append(m.headers.first { $0.name == ":event-type" }.flatMap { if case .string(let s) = $0.value { s } else { nil } } ?? "?")
            }
            #expect(types == ["messageStart", "contentBlockDelta", "contentBlockDelta", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata"])
        }
    }

    @Test func failureAfterFirstFrameBecomesAnExceptionFrame() async throws {
        try await withApp(ScriptedBackend(failAfter: 1)) { client in
            let r = try await post(client, "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream")
            #expect(r.status == .ok)
            var decoder = EventStreamDecoder()
            decoder.feed(Array(buffer: r.body))
            var last: EventStreamMessage?
            while let m = try decoder.next() { last = m }
            let type = last?.headers.first { $0.name == ":exception-type" }
            #expect(type?.value == .string("modelStreamErrorException"))
        }
    }

    @Test func backendRejectionBeforeTheStreamIsAnHTTPError() async throws {
        try await withApp(ScriptedBackend(rejectWith: .inputTooLong)) { client in
            let r = try await post(client, "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream")
            #expect(r.status == .badRequest)
            #expect(try JSONValue.parse(Array(buffer: r.body))["message"] == "Input is too long for requested model.")
        }
    }

    @Test func countTokensUsesTheBackendCount() async throws {
        try await withApp { client in
            let r = try await post(
                client, "/model/anthropic.claude-3-haiku-20240307-v1%3A0/count-tokens", #"{"input":{"converse":\#(Self.hello)}}"#)
            #expect(try JSONValue.parse(Array(buffer: r.body))["inputTokens"] == 42)
        }
    }
}
