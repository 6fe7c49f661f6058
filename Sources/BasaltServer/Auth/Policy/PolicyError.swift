/// A policy document that cannot be loaded: malformed JSON, a shape IAM would reject, or an element Basalt does not
/// evaluate (`Condition`, policy variables) and so refuses rather than ignore. The message names the statement.
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, for the operator.
    public var message: String

    /// An error with the given message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
