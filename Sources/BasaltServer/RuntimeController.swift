import BasaltAPI
import BasaltCore
import BasaltWire
import Foundation
import Logging

/// The `bedrock-runtime` operations: Converse, ConverseStream, CountTokens.
struct RuntimeController: Sendable {
    let registry: ModelRegistry

    func converse(_ req: APIRequest, modelId: String, streaming: Bool, logger: Logger) async throws -> APIResponse {
        let (input, served) = try await resolveConverse(req, modelId: modelId, streaming: streaming)
        let request = try prepare(input, served: served)
        // The invocation log: which model served the call, and the caller's requestMetadata for filtering.
        logger.info(
            "invocation",
            metadata: [
                "operation": .string(streaming ? "ConverseStream" : "Converse"), "model_id": .string(modelId),
                "served_by": .string(served.model.id),
                "request_metadata": .dictionary(input.requestMetadata.mapValues { .string($0) }),
            ])
        let stream = try await start(request, served: served)
        if !streaming {
            var collected = ResponseCollector()
            for try await event in stream { collected.add(event) }
            return .json(status: 200, ConverseEncoder.response(collected, input: input))
        }
        return .eventStream(headers: [], frames: stream.map { ConverseEncoder.frame($0, input: input) })
    }

    /// Decodes the request and resolves its model; a prompt ARN is rendered first (its variant names the model).
    func resolveConverse(_ req: APIRequest, modelId: String, streaming: Bool) async throws -> (ConverseInput, ServedModel) {
        let identifier = ModelIdentifier(parsing: modelId)
        guard case .prompt = identifier, let resolver = registry.resolver,
            case .prompt(let prompt, _) = try await resolver.resolve(identifier)
        else {
            let input = try ConverseDecoder.decode(body: req.body, modelId: modelId, streaming: streaming)
            return (input, try await registry.text(modelId))
        }
        let rendered = try PromptInvocation.render(prompt: prompt, request: try ControlPlaneBody.object(req.body))
        if case .prompt = ModelIdentifier(parsing: rendered.modelId) { throw BedrockError.invalidModelIdentifier() }
        let input = try ConverseDecoder.decode(root: rendered.converse, modelId: rendered.modelId, streaming: streaming)
        return (input, try await registry.text(rendered.modelId))
    }

    /// Admits the request (provisioned throughput), starts generating and meters the stream.
    func start(_ request: GenerationRequest, served: ServedModel) async throws -> MeteredStream {
        var ticket: AdmissionTicket?
        if let (arn, limit) = served.admission {
            try await registry.admission.admit(arn, limit: limit)
            ticket = AdmissionTicket(gate: registry.admission, key: arn)
        }
        let stream = try await mapBackendErrors { try await served.backend.generate(request) }
        return MeteredStream(base: stream, usageArn: served.usageArn, ledger: registry.usage, ticket: ticket)
    }

    func countTokens(_ req: APIRequest, modelId: String) async throws -> APIResponse {
        let body: JSONValue
        do { body = try JSONValue.parse(req.body) } catch {
            throw BedrockError.validation("Malformed input request, please reformat your input and try again.")
        }
        var r = ShapeReader()
        let union = r.union(body["input"], "input", members: ["converse", "invokeModel"], required: true)
        if let message = r.failureMessage { throw BedrockError.validation(message) }
        guard let (kind, value) = union else { throw BedrockError.validation("Malformed input request, please reformat your input and try again.") }
        let served = try await registry.text(modelId)
        switch kind {
        case "converse":
            guard case .object(let root) = value else {
                throw BedrockError.validation("Malformed input request, please reformat your input and try again.")
            }
            let input = try ConverseDecoder.decode(root: root, modelId: modelId, streaming: false)
            let request = try prepare(input, served: served)
            let count = try await mapBackendErrors { try await served.backend.countInputTokens(request) }
            return .json(status: 200, ["inputTokens": .number(Double(count))])
        default:
            guard let body = r.blob(value["body"], "input.invokeModel.body", required: true, minLength: 1) else {
                throw BedrockError.validation(r.failureMessage ?? "Malformed input request, please reformat your input and try again.")
            }
            guard let translator = InvokeFamilies.translator(for: served.model.family) else {
                throw BedrockError.validation("The provided model doesn't support counting tokens.")
            }
            let input = try translator.decode(bytes: body, modelId: modelId)
            var request = input.request(servingTemplate: served.capabilities.promptFormat.flatMap(PromptFormat.init(rawValue:)))
            try Self.applyLimits(&request, served: served)
            let count = try await mapBackendErrors { try await served.backend.countInputTokens(request) }
            return .json(status: 200, ["inputTokens": .number(Double(count))])
        }
    }

    /// Checks the conversation rules and applies model-specific request fields and limits.
    func prepare(_ input: ConverseInput, served: ServedModel) throws(AWSError) -> GenerationRequest {
        try ConversationRules.validate(input.request, capabilities: served.capabilities)
        var request = input.request
        if let extra = input.additionalModelRequestFields {
            if let k = extra["top_k"] ?? extra["topK"] {
                guard let v = k.intValue, v >= 0 else {
                    throw BedrockError.validation("The model returned the following errors: top_k: Expected an integer value.")
                }
                request.parameters.topK = v
            }
            if let seed = extra["seed"]?.intValue { request.parameters.seed = UInt64(truncatingIfNeeded: seed) }
        }
        try Self.applyLimits(&request, served: served)
        return request
    }

    /// The model's output limit: larger requests are refused, absent ones default to it.
    static func applyLimits(_ request: inout GenerationRequest, served: ServedModel) throws(AWSError) {
        let limit = served.capabilities.maxOutputTokens
        if let max = request.parameters.maxTokens, max > limit {
            throw BedrockError.maxTokensExceedLimit(limit)
        }
        if request.parameters.maxTokens == nil { request.parameters.maxTokens = limit }
    }
}

/// Runs backend work, turning `BackendError`s into Bedrock's errors.
func mapBackendErrors<T>(_ body: () async throws -> T) async throws -> T {
    do { return try await body() } catch let e as BackendError { throw BedrockError.from(e) }
}
