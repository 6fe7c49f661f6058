/// A vocabulary a tokenizer cannot be built from.
public struct TokenizerError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
