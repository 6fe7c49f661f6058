import BasaltCore

/// A decoded embedding `InvokeModel` body (§8.10), independent of the provider's wire shape: the texts to
/// embed and how the response vectors must be shaped.
public struct EmbeddingRequest: Sendable, Hashable {
    /// Cohere `input_type` (accepted and recorded; the local encoder embeds every type the same way).
    public enum InputType: String, Sendable, Hashable, CaseIterable {
        case searchDocument = "search_document"
        case searchQuery = "search_query"
        case classification
        case clustering
    }

    /// What to do with a text longer than the encoder takes (Cohere `truncate`).
    public enum Truncation: String, Sendable, Hashable, CaseIterable {
        /// Reject it (ValidationException `Input is too long for requested model.`).
        case none = "NONE"
        /// Drop tokens from the start.
        case start = "START"
        /// Drop tokens from the end.
        case end = "END"
    }

    /// Numeric form of the returned vectors (Titan `embeddingTypes`, Cohere `embedding_types`).
    public enum EmbeddingType: String, Sendable, Hashable, CaseIterable {
        case float, int8, uint8, binary, ubinary
    }

    /// The body format the request came in.
    public var family: ModelFamily
    /// Texts to embed, in response order (one for Titan).
    public var texts: [String]
    /// Length of the returned vectors.
    public var dimensions: Int
    /// Whether returned float vectors must have unit length (Titan v2 `normalize`).
    public var normalize: Bool
    /// Requested vector forms in request order; empty means the family's plain default response.
    public var embeddingTypes: [EmbeddingType]
    /// Long-input policy.
    public var truncation: Truncation
    /// Cohere `input_type`; nil for Titan.
    public var inputType: InputType?
    /// What the translator dropped or approximated (e.g. `input_type` has no effect locally).
    public var diagnostics: [String]

    public init(
        family: ModelFamily, texts: [String], dimensions: Int, normalize: Bool = true,
        embeddingTypes: [EmbeddingType] = [], truncation: Truncation = .end, inputType: InputType? = nil,
        diagnostics: [String] = []
    ) {
        self.family = family
        self.texts = texts
        self.dimensions = dimensions
        self.normalize = normalize
        self.embeddingTypes = embeddingTypes
        self.truncation = truncation
        self.inputType = inputType
        self.diagnostics = diagnostics
    }
}
