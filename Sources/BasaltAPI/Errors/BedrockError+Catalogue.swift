import BasaltCore
import BasaltWire

/// The exact messages of the §2.3 catalogue. Indices are the zero-based positions a client sees in
/// its request (`messages.N.content.M`).
extension BedrockError {
    // MARK: Model identifiers

    /// `The provided model identifier is invalid.` (ValidationException 400)
    public static func invalidModelIdentifier() -> AWSError {
        validation("The provided model identifier is invalid.")
    }

    /// Base model that can only be called through an inference profile (U+2019 in "isn’t").
    public static func onDemandThroughputNotSupported(modelId: String) -> AWSError {
        validation(
            "Invocation of model ID \(modelId) with on-demand throughput isn\u{2019}t supported. Retry your request"
                + " with the ID or ARN of an inference profile that contains this model.")
    }

    /// Resolvable id but no such foundation model (ResourceNotFoundException 404).
    public static func foundationModelNotResolved() -> AWSError {
        resourceNotFound("Could not resolve the foundation model from the provided model identifier.")
    }

    /// Model access not granted (AccessDeniedException 403).
    public static func modelAccessDenied() -> AWSError {
        accessDenied("You don't have access to the model with the specified model ID.")
    }

    /// End-of-life model (ResourceNotFoundException 404).
    public static func modelEndOfLife() -> AWSError {
        resourceNotFound(
            "This model version has reached the end of its life. Please refer to the AWS documentation for more"
                + " details.")
    }

    // MARK: Converse validation

    /// First message is not `user`.
    public static func conversationMustStartWithUser() -> AWSError {
        validation(
            "A conversation must start with a user message. Try again with a conversation that starts with a"
                + " user message.")
    }

    /// Consecutive messages with the same role.
    public static func conversationMustAlternate() -> AWSError {
        validation(
            "A conversation must alternate between user and assistant roles. Make sure the conversation"
                + " alternates between user and assistant roles and try again.")
    }

    /// Empty or whitespace-only text block at `messages.N.content.M`.
    public static func blankText(message: Int, content: Int) -> AWSError {
        validation(
            "The text field in the ContentBlock object at messages.\(message).content.\(content) is blank. Add text"
                + " to the text field, and try again.")
    }

    /// Tool blocks in the conversation without `toolConfig`.
    public static func toolConfigRequired() -> AWSError {
        validation("The toolConfig field must be defined when using toolUse and toolResult content blocks.")
    }

    /// More toolResult blocks than toolUse blocks in the previous turn.
    public static func tooManyToolResults(message: Int) -> AWSError {
        validation(
            "The number of toolResult blocks at messages.\(message).content exceeds the number of toolUse blocks"
                + " of previous turn.")
    }

    /// toolUse ids of the previous turn without a result (ids joined with `, `).
    public static func expectedToolResults(message: Int, ids: [String]) -> AWSError {
        validation(
            "Expected toolResult blocks at messages.\(message).content for the following Ids: "
                + ids.joined(separator: ", "))
    }

    /// Text and toolResult blocks mixed in one turn (models that forbid it).
    public static func toolResultsMixedWithConversation(message: Int) -> AWSError {
        validation(
            "messages.\(message).content: Conversation blocks and tool result blocks cannot be provided in the"
                + " same turn.")
    }

    /// `status: error` toolResult with empty content.
    public static func errorToolResultEmpty(message: Int, content: Int) -> AWSError {
        validation(
            "The content field at messages.\(message).content.\(content).toolResult cannot be empty when status"
                + " value is error.")
    }

    /// `inputSchema.json` that is not a JSON object.
    public static func invalidInputSchema(tool: Int) -> AWSError {
        validation(
            "The format of the value at toolConfig.tools.\(tool).toolSpec.inputSchema.json is invalid. Provide a"
                + " json object for the field and try again.")
    }

    // MARK: Limits

    /// Prompt longer than the context. `viaConverse` adds the relayed-provider prefix Converse uses.
    public static func inputTooLong(viaConverse: Bool = false) -> AWSError {
        let m = "Input is too long for requested model."
        return validation(viaConverse ? modelReturnedErrorsPrefix + m : m)
    }

    /// `maxTokens` above the model's output limit.
    public static func maxTokensExceedLimit(_ limit: Int) -> AWSError {
        validation(
            "The maximum tokens you requested exceed the model limit of \(limit). Try again with a maximum tokens"
                + " value lower than \(limit).")
    }

    /// Prefix of provider-side validation errors relayed by Bedrock.
    public static let modelReturnedErrorsPrefix = "The model returned the following errors: "

    /// A provider-side validation message relayed with the `The model returned the following errors: ` prefix.
    public static func modelReturnedErrors(_ providerMessage: String) -> AWSError {
        validation(modelReturnedErrorsPrefix + providerMessage)
    }

    /// InvokeModel body that fails the model's schema: `Malformed input request: <detail>, please reformat
    /// your input and try again.` (detail e.g. `extraneous key [stream] is not permitted`).
    public static func malformedInput(_ detail: String) -> AWSError {
        validation("Malformed input request: \(detail), please reformat your input and try again.")
    }

    /// Several schema violations: `Malformed input request: N schema violations found, …`.
    public static func malformedInput(violationCount: Int) -> AWSError {
        malformedInput("\(violationCount) schema violations found")
    }

    // MARK: Throttling

    /// Request-rate limit.
    public static func tooManyRequests() -> AWSError { throttling("Too many requests, please wait before trying again.") }
    /// Token-rate limit.
    public static func tooManyTokens() -> AWSError { throttling("Too many tokens, please wait before trying again.") }
    /// Daily token quota.
    public static func tooManyTokensPerDay() -> AWSError {
        throttling("Too many tokens per day, please wait before trying again.")
    }

    // MARK: Capabilities

    /// Model without tool use.
    public static func toolUseNotSupported() -> AWSError { validation("This model doesn't support tool use.") }
    /// Model without streaming tool use.
    public static func streamingToolUseNotSupported() -> AWSError {
        validation("This model doesn't support tool use in streaming mode.")
    }
    /// Unsupported request field, e.g. `toolConfig.toolChoice.any`:
    /// `This model doesn't support the <field> field. Remove <field> and try again.`
    public static func fieldNotSupported(_ field: String) -> AWSError {
        validation("This model doesn't support the \(field) field. Remove \(field) and try again.")
    }
    /// Unsupported input or feature: `This model doesn't support <feature>.` (e.g. `image input`,
    /// `system messages`). Follows the catalogue's pattern; the exact per-feature wording is unconfirmed [U].
    public static func featureNotSupported(_ feature: String) -> AWSError {
        validation("This model doesn't support \(feature).")
    }
}
