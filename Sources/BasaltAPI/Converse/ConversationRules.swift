import BasaltWire
import BasaltCore

/// Bedrock's service-level conversation rules (§7.3), checked after the shape constraints and before any
/// backend is called. Indexes in these messages are 0-based, as real Bedrock writes them.
public enum ConversationRules {
    /// - Parameters:
    ///   - fromPrompt: the conversation came (partly) from a managed prompt, which may leave `messages` empty.
    public static func validate(
        _ request: GenerationRequest, capabilities: BackendCapabilities, fromPrompt: Bool = false
    ) throws(AWSError) {
        let messages = request.messages
        if messages.isEmpty && fromPrompt { return }
        guard let first = messages.first, first.role == .user else {
            throw BedrockError.validation(
                "A conversation must start with a user message. Try again with a conversation that starts with a user message.")
        }
        for i in 1..<max(messages.count, 1) where messages[i].role == messages[i - 1].role {
            throw BedrockError.validation(
                "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.")
        }
        var usesTools = false
        var images = 0
        var documents = 0
        for (i, message) in messages.enumerated() {
            if message.content.isEmpty {
                throw BedrockError.validation(
                    "The content field in the Message object at messages.\(i) is empty. Add a ContentBlock object to the content field and try again.")
            }
            for (j, block) in message.content.enumerated() {
                switch block {
                case .text(let t) where t.allSatisfy(\.isWhitespace):
                    throw BedrockError.validation(
                        "The text field in the ContentBlock object at messages.\(i).content.\(j) is blank. Add text to the text field, and try again.")
                case .toolUse, .toolResult:
                    usesTools = true
                    let isUse = if case .toolUse = block { true } else { false }
                    if isUse != (message.role == .assistant) {
                        let kind = isUse ? "toolUse" : "toolResult"
                        throw BedrockError.validation(
                            "The \(kind) content block at messages.\(i).content.\(j) isn't supported in \(message.role.rawValue) messages. Move it to \(isUse ? "an assistant" : "a user") message and try again.")
                    }
                case .image:
                    images += 1
                    try requireMedia(capabilities.acceptsImages, "image", message.role)
                case .video:
                    try requireMedia(capabilities.acceptsVideo, "video", message.role)
                case .audio:
                    try requireMedia(capabilities.acceptsAudio, "audio", message.role)
                case .document:
                    documents += 1
                    if message.role == .assistant {
                        throw BedrockError.validation("This model doesn't support the document field for assistant messages.")
                    }
                default:
                    break
                }
                if case .toolResult(let result) = block, result.status == .error, result.content.isEmpty {
                    throw BedrockError.validation(
                        "The content field at messages.\(i).content.\(j).toolResult cannot be empty when status value is error.")
                }
            }
        }
        for (i, message) in messages.enumerated() {
            let hasDocument = message.content.contains { if case .document = $0 { true } else { false } }
            let hasText = message.content.contains { if case .text = $0 { true } else { false } }
            if hasDocument && !hasText {
                throw BedrockError.validation(
                    "A message containing a document must also contain a text block. Add a text block to messages.\(i).content and try again.")
            }
        }
        if images > 20 {
            throw BedrockError.validation("Too many images provided in the request. The maximum number of images is 20.")
        }
        if documents > 5 {
            throw BedrockError.validation("Too many documents provided in the request. The maximum number of documents is 5.")
        }
        if usesTools && request.tools.isEmpty {
            throw BedrockError.validation(
                "The toolConfig field must be defined when using toolUse and toolResult content blocks.")
        }
        try validateToolPairs(messages)
        if !request.tools.isEmpty && !capabilities.toolUse {
            throw BedrockError.validation("This model doesn't support tool use.")
        }
        if case .tool(let name) = request.toolChoice, !request.tools.contains(where: { $0.name == name }) {
            throw BedrockError.validation(
                "The tool \(name) specified in toolConfig.toolChoice.tool.name isn't defined in toolConfig.tools. Add the tool and try again.")
        }
    }

    static func requireMedia(_ supported: Bool, _ kind: String, _ role: Role) throws(AWSError) {
        if !supported {
            throw BedrockError.validation("This model doesn't support the \(kind) field for \(role.rawValue) messages.")
        }
    }

    /// Each user turn after an assistant turn with tool uses must answer exactly those ids.
    static func validateToolPairs(_ messages: [Message]) throws(AWSError) {
        for (i, message) in messages.enumerated() where message.role == .user {
            let results = message.content.compactMap { block -> String? in
                if case .toolResult(let r) = block { return r.toolUseId }
                return nil
            }
            let uses: [String] =
                i == 0
                ? []
                : messages[i - 1].content.compactMap { block -> String? in
                    if case .toolUse(let u) = block { return u.id }
                    return nil
                }
            if results.count > uses.count {
                throw BedrockError.validation(
                    "The number of toolResult blocks at messages.\(i).content exceeds the number of toolUse blocks of previous turn.")
            }
            let missing = uses.filter { !results.contains($0) }
            if !missing.isEmpty {
                throw BedrockError.validation(
                    "Expected toolResult blocks at messages.\(i).content for the following Ids: \(missing.joined(separator: ", "))")
            }
        }
    }
}
