/// Random resource ids in the forms Bedrock issues: 12 `[a-z0-9]` (profiles, provisioned and imported models,
/// jobs) and 10 `[0-9A-Z]` (prompts).
public enum ResourceIdentifiers {
    /// `[a-z0-9]{12}`.
    public static func shortId() -> String { random(12, alphabet: Array("abcdefghijklmnopqrstuvwxyz0123456789")) }

    /// `[0-9A-Z]{10}`.
    public static func promptId() -> String { random(10, alphabet: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")) }

    static func random(_ count: Int, alphabet: [Character]) -> String {
        var g = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int(g.next(upperBound: UInt64(alphabet.count)))] })
    }
}
