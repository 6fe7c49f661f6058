import BasaltWire
import BasaltCore

/// A decoded and validated Converse / ConverseStream request: the canonical generation request plus the
/// members that shape the response or belong to other layers (prompt management, guardrails, logging).
public struct ConverseInput: Sendable {
    public var request: GenerationRequest
    /// Provider-specific request fields (`additionalModelRequestFields`), merged into the native body.
    public var additionalModelRequestFields: JSONObject?
    /// JSON Pointers into the native response to return in `additionalModelResponseFields`.
    public var additionalModelResponseFieldPaths: [String]
    /// `requestMetadata`, kept for invocation logs.
    public var requestMetadata: [String: String]
    /// `promptVariables` (only meaningful when `modelId` is a prompt ARN).
    public var promptVariables: [String: String]
    public var guardrail: GuardrailReference?
    /// `performanceConfig.latency`, echoed in the response.
    public var performanceLatency: String?
    /// `serviceTier.type`, echoed in the response.
    public var serviceTier: String?
    /// Which optional members were present (a prompt ARN forbids some of them).
    public var present: Set<String>

    public init(request: GenerationRequest) {
        self.request = request
        additionalModelRequestFields = nil
        additionalModelResponseFieldPaths = []
        requestMetadata = [:]
        promptVariables = [:]
        guardrail = nil
        performanceLatency = nil
        serviceTier = nil
        present = []
    }
}

/// `guardrailConfig` of a Converse request.
public struct GuardrailReference: Sendable, Hashable {
    public var identifier: String
    public var version: String
    public var trace: String?
    public var streamProcessingMode: String?
}
