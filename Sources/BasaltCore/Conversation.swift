import Foundation

/// Who speaks a message (Converse `ConversationRole`).
public enum Role: String, Sendable, Hashable { case user, assistant }

/// One turn of a conversation. Follows Converse's `Message`, which is already provider-neutral.
public struct Message: Sendable, Hashable {
    public var role: Role
    public var content: [ContentBlock]
    public init(role: Role, content: [ContentBlock]) {
        self.role = role
        self.content = content
    }
}

/// Converse's `ContentBlock` union, reduced to what a backend needs.
public enum ContentBlock: Sendable, Hashable {
    case text(String)
    case image(MediaBlock)
    case video(MediaBlock)
    case audio(MediaBlock)
    /// A document already turned into text by the API layer.
    case document(DocumentBlock)
    case toolUse(ToolUse)
    case toolResult(ToolResult)
    case reasoning(ReasoningBlock)
    /// Guardrail-qualified text: the model sees it as text.
    case guardContent(String)
    case cachePoint
}

/// Binary media (image, video or audio) with its declared format.
public struct MediaBlock: Sendable, Hashable {
    public var format: String
    public var bytes: [UInt8]
    public init(format: String, bytes: [UInt8]) {
        self.format = format
        self.bytes = bytes
    }
}

public struct DocumentBlock: Sendable, Hashable {
    public var name: String
    public var format: String
    /// Extracted text of the document.
    public var text: String
    public init(name: String, format: String, text: String) {
        self.name = name
        self.format = format
        self.text = text
    }
}

public struct ToolUse: Sendable, Hashable {
    public var id: String
    public var name: String
    public var input: JSONValue
    public init(id: String, name: String, input: JSONValue) {
        self.id = id
        self.name = name
        self.input = input
    }
}

public struct ToolResult: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable { case success, error }
    public enum Content: Sendable, Hashable {
        case text(String)
        case json(JSONValue)
        case image(MediaBlock)
        case document(DocumentBlock)
    }
    public var toolUseId: String
    public var content: [Content]
    public var status: Status?
    public init(toolUseId: String, content: [Content], status: Status? = nil) {
        self.toolUseId = toolUseId
        self.content = content
        self.status = status
    }
    /// The result rendered as plain text for a text-only model.
    public var text: String {
        content.map { c -> String in
            switch c {
            case .text(let t): t
            case .json(let j): j.serialized()
            case .image(let m): "[image: \(m.format)]"
            case .document(let d): d.text
            }
        }.joined(separator: "\n")
    }
}

public struct ReasoningBlock: Sendable, Hashable {
    public var text: String
    public var signature: String?
    public init(text: String, signature: String? = nil) {
        self.text = text
        self.signature = signature
    }
}

/// A tool the model may call (Converse `ToolSpecification`).
public struct ToolSpec: Sendable, Hashable {
    public var name: String
    public var description: String?
    /// JSON Schema of the input; always an object schema.
    public var inputSchema: JSONValue
    public init(name: String, description: String?, inputSchema: JSONValue) {
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
    }
}

/// Converse `ToolChoice`.
public enum ToolChoice: Sendable, Hashable {
    /// The model decides.
    case auto
    /// The model must call at least one tool.
    case any
    /// The model must call this tool.
    case tool(String)
}
