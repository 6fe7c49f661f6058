/// Bedrock-style tool-use ids: `tooluse_` followed by 22 base64url characters (128 random bits).
public enum ToolUseID {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    /// A fresh random id.
    public static func make() -> String {
        var rng = SystemRandomNumberGenerator()
        return make(using: &rng)
    }

    /// An id drawn from `rng` (tests inject a seeded generator).
    public static func make(using rng: inout some RandomNumberGenerator) -> String {
        "tooluse_" + String((0..<22).map { _ in alphabet[Int(rng.next() % 64)] })
    }
}
