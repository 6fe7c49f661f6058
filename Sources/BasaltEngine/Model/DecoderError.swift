/// A forward pass that cannot run: bad token ids, a full cache, or a cache from another model.
public struct DecoderError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case tokenOutOfRange(Int32, vocabulary: Int)
        case cacheFull(capacity: Int, needed: Int)
        case foreignCache
        case duplicateCache
        case emptyStep
    }

    private let code: Code
    private init(_ code: Code) { self.code = code }

    static func tokenOutOfRange(_ token: Int32, vocabulary: Int) -> Self {
        .init(.tokenOutOfRange(token, vocabulary: vocabulary))
    }
    static func cacheFull(capacity: Int, needed: Int) -> Self { .init(.cacheFull(capacity: capacity, needed: needed)) }
    static var foreignCache: Self { .init(.foreignCache) }
    static var duplicateCache: Self { .init(.duplicateCache) }
    static var emptyStep: Self { .init(.emptyStep) }

    public var description: String {
        switch code {
        case .tokenOutOfRange(let t, let v): return "token id \(t) is outside the vocabulary (0..<\(v))"
        case .cacheFull(let cap, let needed): return "sequence needs \(needed) positions but its cache holds \(cap)"
        case .foreignCache: return "the sequence cache was not made by this model"
        case .duplicateCache: return "the same sequence cache appears twice in one forward pass"
        case .emptyStep: return "a decode step has no tokens"
        }
    }
}
