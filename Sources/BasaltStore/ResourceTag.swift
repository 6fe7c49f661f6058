/// A `key`/`value` tag on a resource ARN (`Tag` in bedrock, a map entry in bedrock-agent).
public struct ResourceTag: Sendable, Hashable {
    /// Tag key (1…128 characters).
    public var key: String
    /// Tag value (0…256 characters).
    public var value: String

    /// Creates a tag.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
