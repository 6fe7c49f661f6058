import BasaltCore
import BasaltWire

/// The `InvokeModel` / `InvokeModelWithResponseStream` codec of one native body format (spec §8, §6):
/// decodes the provider's request JSON into the canonical request, and encodes collected or streamed
/// canonical events back into the provider's response JSON. Implementations are pure values.
public protocol InvokeTranslator: Sendable {
    /// The body format this translator speaks.
    var family: ModelFamily { get }

    /// Validates `body` against the model's request schema (Bedrock's `Malformed input request: …` errors)
    /// and maps it to the canonical request. `modelId` is copied into `GenerationRequest.modelId`.
    func decode(body: JSONValue, modelId: String) throws(AWSError) -> InvokeInput

    /// The provider's native `InvokeModel` response body for a finished generation.
    func response(_ collected: ResponseCollector, context: InvokeContext) -> JSONValue

    /// A fresh stream encoder for `InvokeModelWithResponseStream`, or nil when the format has no streaming
    /// variant (e.g. AI21 Jurassic-2).
    func streamEncoder(context: InvokeContext) -> (any InvokeStreamEncoder)?
}

/// Turns canonical generation events into the provider's native stream chunk objects (§6). A value-type state
/// machine: feed every event in order; the chunk that ends the stream carries
/// `amazon-bedrock-invocationMetrics` and is emitted on `.metadata` (or by `finish()` if none arrives).
public protocol InvokeStreamEncoder: Sendable {
    /// The native chunks (zero or more) that `event` produces.
    mutating func chunks(for event: GenerationEvent) -> [JSONValue]
    /// Flushes the final chunk(s) when the event stream ended without `.metadata`; empty once finished.
    mutating func finish() -> [JSONValue]
}

extension InvokeTranslator {
    /// Parses raw body bytes and decodes them. A body that is not a JSON object is a malformed request.
    public func decode(bytes: some Collection<UInt8>, modelId: String) throws(AWSError) -> InvokeInput {
        let json: JSONValue
        do { json = try JSONValue.parse(bytes) } catch {
            throw BedrockError.validation("Malformed input request, please reformat your input and try again.")
        }
        return try decode(body: json, modelId: modelId)
    }
}

/// Helpers shared by every family's stream encoder.
public enum InvokeChunks {
    /// `InvokeModelWithResponseStream` chunk frame: `:event-type: chunk` with payload
    /// `{"bytes": base64(json)}` (§3.2, §4.6).
    public static func frame(_ json: JSONValue) -> EventStreamMessage {
        .event(type: "chunk", json: ["bytes": .string(Base64.encode(json.serializedBytes))])
    }

    /// `amazon-bedrock-invocationMetrics` of the last chunk (§6): token counts and latencies in ms.
    public static func invocationMetrics(_ usage: Usage, _ metrics: GenerationMetrics) -> JSONValue {
        [
            "inputTokenCount": .number(Double(usage.inputTokens)),
            "outputTokenCount": .number(Double(usage.outputTokens)),
            "invocationLatency": .number(Double(metrics.latencyMs)),
            "firstByteLatency": .number(Double(metrics.firstByteLatencyMs ?? metrics.latencyMs)),
        ]
    }

    /// `chunk` with the metrics object merged in as its last key.
    public static func withMetrics(_ chunk: JSONValue, _ usage: Usage, _ metrics: GenerationMetrics) -> JSONValue {
        guard case .object(var o) = chunk else { return chunk }
        o["amazon-bedrock-invocationMetrics"] = invocationMetrics(usage, metrics)
        return .object(o)
    }
}
