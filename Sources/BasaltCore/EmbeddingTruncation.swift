/// What to do with a text longer than the encoder's maximum sequence length.
public enum EmbeddingTruncation: Sendable, Hashable {
    /// Reject it (`BackendError.inputTooLong`).
    case none
    /// Keep the first tokens (drop the end).
    case end
    /// Keep the last tokens (drop the start).
    case start
}
