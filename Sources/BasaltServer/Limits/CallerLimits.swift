/// The limits one credential (access key) is held to: a request rate and concurrent response streams.
/// `0` means unlimited for both. The server-wide values come from `basalt serve --rate-limit N --max-streams N`;
/// a credentials-file section may override them (`basalt_rate_limit`, `basalt_max_streams`).
public struct CallerLimits: Sendable, Hashable {
    /// Sustained requests per second (a token bucket whose burst is the same number, at least 1); 0 = unlimited.
    public var rateLimit: Double
    /// ConverseStream / InvokeModelWithResponseStream responses in flight at once; 0 = unlimited.
    public var maxStreams: Int

    /// Limits from their parts (default: unlimited).
    public init(rateLimit: Double = 0, maxStreams: Int = 0) {
        self.rateLimit = rateLimit
        self.maxStreams = maxStreams
    }

    /// No limit at all.
    public static let unlimited = CallerLimits()

    /// Per-credential values; `nil` members keep the server-wide value.
    public struct Overrides: Sendable, Hashable {
        /// `basalt_rate_limit`.
        public var rateLimit: Double?
        /// `basalt_max_streams`.
        public var maxStreams: Int?

        /// Overrides from their parts (default: none).
        public init(rateLimit: Double? = nil, maxStreams: Int? = nil) {
            self.rateLimit = rateLimit
            self.maxStreams = maxStreams
        }
    }

    /// These limits with a credential's overrides applied.
    public func applying(_ overrides: Overrides?) -> CallerLimits {
        CallerLimits(
            rateLimit: overrides?.rateLimit ?? rateLimit, maxStreams: overrides?.maxStreams ?? maxStreams)
    }
}
