import Foundation

/// Why generation stopped (Converse `StopReason`).
public enum StopReason: String, Sendable, Hashable {
    case endTurn = "end_turn"
    case toolUse = "tool_use"
    case maxTokens = "max_tokens"
    case stopSequence = "stop_sequence"
    case guardrailIntervened = "guardrail_intervened"
    case contentFiltered = "content_filtered"
    case malformedModelOutput = "malformed_model_output"
    case malformedToolUse = "malformed_tool_use"
    case modelContextWindowExceeded = "model_context_window_exceeded"
}

/// Token counts of one invocation.
public struct Usage: Sendable, Hashable {
    public var inputTokens: Int
    public var outputTokens: Int
    public var totalTokens: Int { inputTokens + outputTokens }
    public init(inputTokens: Int, outputTokens: Int) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }
}

public struct GenerationMetrics: Sendable, Hashable {
    /// Milliseconds from request admission to the last event.
    public var latencyMs: Int
    /// Milliseconds from request admission to the first content delta.
    public var firstByteLatencyMs: Int?
    public init(latencyMs: Int, firstByteLatencyMs: Int? = nil) {
        self.latencyMs = latencyMs
        self.firstByteLatencyMs = firstByteLatencyMs
    }
}

/// How a content block opens (only tool-use blocks announce themselves).
public enum ContentBlockStart: Sendable, Hashable {
    case toolUse(id: String, name: String)
}

/// An increment of a content block.
public enum ContentBlockDelta: Sendable, Hashable {
    case text(String)
    /// A fragment of the tool call's JSON arguments text.
    case toolUseInput(String)
    case reasoning(String)
}

/// What a backend yields while generating. Follows the ConverseStream sequence:
/// `messageStart`, per block (`contentBlockStart`?) `contentBlockDelta`+ `contentBlockStop`, `messageStop`, `metadata`.
public enum GenerationEvent: Sendable, Hashable {
    case messageStart(Role)
    case contentBlockStart(index: Int, ContentBlockStart)
    case contentBlockDelta(index: Int, ContentBlockDelta)
    case contentBlockStop(index: Int)
    /// `stopSequence` is the sequence that matched, when `reason == .stopSequence`.
    case messageStop(StopReason, stopSequence: String?)
    case metadata(Usage, GenerationMetrics)
}

public typealias GenerationStream = AsyncThrowingStream<GenerationEvent, any Error>
