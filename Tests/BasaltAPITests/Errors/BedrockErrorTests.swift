import BasaltCore
import BasaltWire
import Testing
@testable import BasaltAPI

/// Expected strings are copied from bedrock-wire.md §2.2/§2.3 (real Bedrock responses), not from the code.
@Suite struct BedrockErrorTests {
    @Test func modeledStatusesOfTheRuntime() {
        let table: [(AWSError, String, Int)] = [
            (BedrockError.validation("x"), "ValidationException", 400),
            (BedrockError.accessDenied("x"), "AccessDeniedException", 403),
            (BedrockError.resourceNotFound("x"), "ResourceNotFoundException", 404),
            (BedrockError.modelTimeout(), "ModelTimeoutException", 408),
            (BedrockError.throttling(), "ThrottlingException", 429),
            (BedrockError.modelNotReady("x"), "ModelNotReadyException", 429),
            (BedrockError.modelError("x"), "ModelErrorException", 424),
            (BedrockError.modelStreamError("x"), "ModelStreamErrorException", 424),
            (BedrockError.serviceQuotaExceeded("x"), "ServiceQuotaExceededException", 400),
            (BedrockError.conflict("x"), "ConflictException", 400),
            (BedrockError.internalServer(), "InternalServerException", 500),
            (BedrockError.serviceUnavailable(), "ServiceUnavailableException", 503),
        ]
        for (e, code, status) in table {
            #expect(e.code == code)
            #expect(e.status == status, "\(code)")
        }
    }

    @Test func catalogueMessagesVerbatim() {
        let cases: [(AWSError, String)] = [
            (BedrockError.invalidModelIdentifier(), "The provided model identifier is invalid."),
            (BedrockError.onDemandThroughputNotSupported(modelId: "anthropic.claude-3-5-sonnet-20241022-v2:0"),
             "Invocation of model ID anthropic.claude-3-5-sonnet-20241022-v2:0 with on-demand throughput isn\u{2019}t supported. Retry your request with the ID or ARN of an inference profile that contains this model."),
            (BedrockError.foundationModelNotResolved(), "Could not resolve the foundation model from the provided model identifier."),
            (BedrockError.modelAccessDenied(), "You don't have access to the model with the specified model ID."),
            (BedrockError.conversationMustStartWithUser(),
             "A conversation must start with a user message. Try again with a conversation that starts with a user message."),
            (BedrockError.conversationMustAlternate(),
             "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again."),
            (BedrockError.blankText(message: 1, content: 0),
             "The text field in the ContentBlock object at messages.1.content.0 is blank. Add text to the text field, and try again."),
            (BedrockError.toolConfigRequired(),
             "The toolConfig field must be defined when using toolUse and toolResult content blocks."),
            (BedrockError.tooManyToolResults(message: 2),
             "The number of toolResult blocks at messages.2.content exceeds the number of toolUse blocks of previous turn."),
            (BedrockError.expectedToolResults(message: 2, ids: ["tooluse_abc123"]),
             "Expected toolResult blocks at messages.2.content for the following Ids: tooluse_abc123"),
            (BedrockError.toolResultsMixedWithConversation(message: 2),
             "messages.2.content: Conversation blocks and tool result blocks cannot be provided in the same turn."),
            (BedrockError.errorToolResultEmpty(message: 3, content: 0),
             "The content field at messages.3.content.0.toolResult cannot be empty when status value is error."),
            (BedrockError.invalidInputSchema(tool: 0),
             "The format of the value at toolConfig.tools.0.toolSpec.inputSchema.json is invalid. Provide a json object for the field and try again."),
            (BedrockError.inputTooLong(), "Input is too long for requested model."),
            (BedrockError.inputTooLong(viaConverse: true),
             "The model returned the following errors: Input is too long for requested model."),
            (BedrockError.maxTokensExceedLimit(4096),
             "The maximum tokens you requested exceed the model limit of 4096. Try again with a maximum tokens value lower than 4096."),
            (BedrockError.malformedInput("extraneous key [textGenerationConfig] is not permitted"),
             "Malformed input request: extraneous key [textGenerationConfig] is not permitted, please reformat your input and try again."),
            (BedrockError.malformedInput(violationCount: 2),
             "Malformed input request: 2 schema violations found, please reformat your input and try again."),
            (BedrockError.tooManyRequests(), "Too many requests, please wait before trying again."),
            (BedrockError.tooManyTokens(), "Too many tokens, please wait before trying again."),
            (BedrockError.tooManyTokensPerDay(), "Too many tokens per day, please wait before trying again."),
            (BedrockError.toolUseNotSupported(), "This model doesn't support tool use."),
            (BedrockError.streamingToolUseNotSupported(), "This model doesn't support tool use in streaming mode."),
            (BedrockError.fieldNotSupported("toolConfig.toolChoice.any"),
             "This model doesn't support the toolConfig.toolChoice.any field. Remove toolConfig.toolChoice.any and try again."),
        ]
        for (e, message) in cases {
            #expect(e.message == message)
        }
        #expect(BedrockError.onDemandThroughputNotSupported(modelId: "m").message.unicodeScalars.contains("\u{2019}"))
    }

    @Test func modelStreamErrorMembersAndFrame() throws {
        let e = BedrockError.modelStreamError("Model stream error", originalStatusCode: 500, originalMessage: "upstream died")
        #expect(String(decoding: e.responseBody, as: UTF8.self)
            == #"{"message":"Model stream error","originalStatusCode":500,"originalMessage":"upstream died"}"#)
        #expect(e.exceptionMessage().exceptionType == "modelStreamErrorException")
    }

    @Test func backendErrorsMapToBedrockShapes() {
        #expect(BedrockError.from(.inputTooLong) == BedrockError.inputTooLong())
        #expect(BedrockError.from(.overloaded()) == BedrockError.tooManyRequests())
        #expect(BedrockError.from(.modelFailure("boom")).status == 424)
    }
}
