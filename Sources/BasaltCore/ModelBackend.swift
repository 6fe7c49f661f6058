import Foundation

/// A source of inference. Cancelling the task that iterates the stream cancels generation.
public protocol ModelBackend: Sendable {
    /// Starts generating. Throws before the first event for requests the model cannot take
    /// (e.g. `BackendError.inputTooLong`); errors after that arrive through the stream.
    func generate(_ request: GenerationRequest) async throws -> GenerationStream
}

/// Counts input tokens exactly as the backend would bill them for `generate`.
public protocol TokenCounting: Sendable {
    func countInputTokens(_ request: GenerationRequest) async throws -> Int
}

/// What a model can take, so that API layers check capabilities instead of model names.
public struct BackendCapabilities: Sendable, Hashable {
    public var contextLength: Int
    public var maxOutputTokens: Int
    public var acceptsImages: Bool
    public var acceptsVideo: Bool
    public var acceptsAudio: Bool
    public var toolUse: Bool
    /// The prompt format the model was trained on (`chatml`, `llama3`, `llama2`, `mistral`…), so raw prompts
    /// already written in it can pass through untouched.
    public var promptFormat: String?
    public init(
        contextLength: Int, maxOutputTokens: Int, acceptsImages: Bool = false, acceptsVideo: Bool = false,
        acceptsAudio: Bool = false, toolUse: Bool = true, promptFormat: String? = nil
    ) {
        self.promptFormat = promptFormat
        self.contextLength = contextLength
        self.maxOutputTokens = maxOutputTokens
        self.acceptsImages = acceptsImages
        self.acceptsVideo = acceptsVideo
        self.acceptsAudio = acceptsAudio
        self.toolUse = toolUse
    }
}

/// Errors a backend raises; the server maps them to Bedrock's errors.
public struct BackendError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        case inputTooLong
        case overloaded
        case cancelled
        case modelFailure
        case invalidRequest
    }
    public var code: Code
    public var message: String
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { message }

    public static let inputTooLong = BackendError(.inputTooLong, "Input is too long for requested model.")
    public static func overloaded(_ m: String = "Too many requests, please wait before trying again.") -> BackendError {
        .init(.overloaded, m)
    }
    public static func modelFailure(_ m: String) -> BackendError { .init(.modelFailure, m) }
    public static func invalidRequest(_ m: String) -> BackendError { .init(.invalidRequest, m) }
}

/// A loaded text model: generation, token counting and its capabilities.
public protocol TextModel: ModelBackend, TokenCounting {
    var capabilities: BackendCapabilities { get }
}

/// An embedding model (BERT-style encoders).
public protocol EmbeddingBackend: Sendable {
    /// Native dimension of the vectors.
    var dimension: Int { get }
    /// Embeds each text, cutting long ones as `truncation` says; returns the vectors and the input tokens used.
    func embed(_ texts: [String], truncation: EmbeddingTruncation) async throws -> (vectors: [[Float]], inputTokens: Int)
}
