import BasaltCore

/// Canonical stop reason → each provider's native value (§7.4).
enum StopReasons {
    /// Anthropic Messages `stop_reason`.
    static func anthropic(_ r: StopReason) -> String {
        switch r {
        case .maxTokens: "max_tokens"
        case .stopSequence: "stop_sequence"
        case .toolUse: "tool_use"
        case .contentFiltered: "refusal"
        case .modelContextWindowExceeded: "model_context_window_exceeded"
        default: "end_turn"
        }
    }

    /// Llama `stop_reason`, Mistral text `stop_reason`, DeepSeek `stop_reason` (`stop` | `length`).
    static func stopOrLength(_ r: StopReason) -> String {
        r == .maxTokens || r == .modelContextWindowExceeded ? "length" : "stop"
    }

    /// Titan `completionReason`.
    static func titan(_ r: StopReason) -> String {
        switch r {
        case .maxTokens, .modelContextWindowExceeded: "LENGTH"
        case .stopSequence: "STOP_CRITERIA_MET"
        case .contentFiltered, .guardrailIntervened: "CONTENT_FILTERED"
        default: "FINISH"
        }
    }

    /// Cohere `finish_reason`.
    static func cohere(_ r: StopReason) -> String {
        switch r {
        case .maxTokens, .modelContextWindowExceeded: "MAX_TOKENS"
        case .contentFiltered, .guardrailIntervened: "ERROR_TOXIC"
        default: "COMPLETE"
        }
    }

    /// OpenAI-style `finish_reason` (Jamba, gpt-oss, Writer) and Mistral chat `stop_reason`.
    static func openAI(_ r: StopReason) -> String {
        switch r {
        case .maxTokens, .modelContextWindowExceeded: "length"
        case .toolUse: "tool_calls"
        case .contentFiltered, .guardrailIntervened: "content_filter"
        default: "stop"
        }
    }

    /// Nova `stopReason` (the Converse values).
    static func nova(_ r: StopReason) -> String {
        switch r {
        case .malformedModelOutput, .malformedToolUse: "end_turn"
        default: r.rawValue
        }
    }
}
