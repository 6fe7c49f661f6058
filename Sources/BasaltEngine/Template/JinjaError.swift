/// A template that cannot be parsed or rendered, or a `raise_exception(...)` from the template itself.
public struct JinjaError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case syntax
        case runtime
        /// The template called `raise_exception(message)`.
        case raised
    }
    public var kind: Kind
    public var message: String
    public var description: String { message }

    static func syntax(_ m: String) -> JinjaError { .init(kind: .syntax, message: m) }
    static func runtime(_ m: String) -> JinjaError { .init(kind: .runtime, message: m) }
    static func raised(_ m: String) -> JinjaError { .init(kind: .raised, message: m) }
}
