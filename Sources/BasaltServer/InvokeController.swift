import BasaltAPI
import BasaltCore
import BasaltWire
import Foundation

/// InvokeModel and InvokeModelWithResponseStream: the provider's native body in, its native response out.
struct InvokeController: Sendable {
    let registry: ModelRegistry
    let runtime: RuntimeController

    func invoke(_ req: APIRequest, modelId: String, streaming: Bool) async throws -> APIResponse {
        let started = ContinuousClock.now
        try checkMediaTypes(req, streaming: streaming)
        if let (model, backend) = try registry.embeddingModel(modelId) {
            return try await embed(req, model: model, backend: backend, streaming: streaming, started: started)
        }
        let served = try await registry.text(modelId)
        guard let translator = InvokeFamilies.translator(for: served.model.family) else {
            throw BedrockError.validation("The provided model identifier is invalid.")
        }
        let input = try translator.decode(bytes: req.body, modelId: modelId)
        var request = input.request(servingTemplate: served.capabilities.promptFormat.flatMap(PromptFormat.init(rawValue:)))
        try RuntimeController.applyLimits(&request, served: served)
        var context = InvokeContext(
            modelName: served.model.id, requestId: req.requestId, created: Int(Date().timeIntervalSince1970), input: input)
        if !streaming {
            var collected = ResponseCollector()
            for try await event in try await runtime.start(request, served: served) { collected.add(event) }
            let body = translator.response(collected, context: context)
            let latency = started.duration(to: .now).milliseconds
            return .bytes(
                status: 200, contentType: "application/json", body.serializedBytes,
                headers: [
                    ("X-Amzn-Bedrock-Invocation-Latency", String(latency)),
                    ("X-Amzn-Bedrock-Input-Token-Count", String(collected.usage.inputTokens)),
                    ("X-Amzn-Bedrock-Output-Token-Count", String(collected.usage.outputTokens)),
                ] + echoHeaders(req))
        }
        context.promptTokens = try await mapBackendErrors { try await served.backend.countInputTokens(request) }
        guard let encoder = translator.streamEncoder(context: context) else {
            throw BedrockError.validation("The model is unsupported for streaming.")
        }
        let stream = try await runtime.start(request, served: served)
        return .eventStream(
            headers: [("X-Amzn-Bedrock-Content-Type", "application/json")] + echoHeaders(req),
            frames: InvokeFrames(events: stream, encoder: encoder))
    }

    /// Embedding models: the provider's body, the built-in encoder, vectors lifted to the model's real size.
    func embed(
        _ req: APIRequest, model: FoundationModel, backend: any EmbeddingBackend, streaming: Bool,
        started: ContinuousClock.Instant
    ) async throws -> APIResponse {
        guard let translator = EmbeddingFamilies.translator(for: model.family) else {
            throw BedrockError.modelAccessDenied()
        }
        if streaming { throw EmbeddingFamilies.streamingNotSupported() }
        let request = try translator.decode(bytes: req.body)
        let (vectors, tokens) = try await mapBackendErrors {
            try await backend.embed(request.texts, truncation: EmbeddingTruncation(request.truncation))
        }
        let body = translator.encode(request, vectors: vectors, tokenCount: tokens, responseID: req.requestId)
        return .bytes(
            status: 200, contentType: "application/json", body.serializedBytes,
            headers: [
                ("X-Amzn-Bedrock-Invocation-Latency", String(started.duration(to: .now).milliseconds)),
                ("X-Amzn-Bedrock-Input-Token-Count", String(tokens)),
            ])
    }

    /// `Content-Type` (absent means JSON: boto3 omits it) and `Accept` (`X-Amzn-Bedrock-Accept` when streaming).
    func checkMediaTypes(_ req: APIRequest, streaming: Bool) throws(AWSError) {
        if let type = req.header("content-type"), !type.lowercased().hasPrefix("application/json") {
            throw BedrockError.validation("The provided content type \(type) is not supported. Use application/json.")
        }
        let accept = req.header(streaming ? "x-amzn-bedrock-accept" : "accept") ?? "application/json"
        let acceptable = accept.split(separator: ",").contains {
            let t = $0.trimmingCharacters(in: .whitespaces).lowercased()
            return t.hasPrefix("application/json") || t.hasPrefix("*/*") || t.hasPrefix("application/*")
        }
        if !acceptable {
            throw BedrockError.validation("The provided accept type \(accept) is not supported. Use application/json.")
        }
    }

    /// Performance-config and service-tier headers are echoed back, as Bedrock does.
    func echoHeaders(_ req: APIRequest) -> [(String, String)] {
        ["X-Amzn-Bedrock-PerformanceConfig-Latency", "X-Amzn-Bedrock-Service-Tier"].compactMap { name in
            req.header(name).map { (name, $0) }
        }
    }
}

/// Native chunk frames of a generation stream, encoded as they come.
struct InvokeFrames: AsyncSequence, Sendable {
    typealias Element = EventStreamMessage
    let events: MeteredStream
    let encoder: any InvokeStreamEncoder

    struct AsyncIterator: AsyncIteratorProtocol {
        var events: MeteredStream.AsyncIterator
        var encoder: any InvokeStreamEncoder
        var pending: [JSONValue] = []
        var finished = false

        mutating func next() async throws -> EventStreamMessage? {
            while pending.isEmpty {
                if finished { return nil }
                if let event = try await events.next() {
                    pending = encoder.chunks(for: event)
                } else {
                    finished = true
                    pending = encoder.finish()
                }
            }
            return InvokeChunks.frame(pending.removeFirst())
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(events: events.makeAsyncIterator(), encoder: encoder)
    }
}

extension EmbeddingTruncation {
    init(_ t: EmbeddingRequest.Truncation) {
        switch t {
        case .none: self = .none
        case .start: self = .start
        case .end: self = .end
        }
    }
}

extension Duration {
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
