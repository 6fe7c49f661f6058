import Foundation

/// Everything `basalt serve` is configured with. Read once at start-up (flags, then the YAML file).
public struct ServerConfiguration: Sendable {
    public enum AuthMode: String, Sendable, CaseIterable { case none, sigv4 }

    public var host: String
    public var port: Int
    /// Directory for state (SQLite, logs). Created if missing.
    public var dataDirectory: String
    public var auth: AuthMode
    /// Region reported in ARNs and used to pick system inference profiles.
    public var region: String
    /// Account id reported in ARNs.
    public var accountId: String
    /// Largest request body accepted (InvokeModel allows 25,000,000 bytes).
    public var maxBodyBytes: Int
    /// Longest time a client may take to send a request body once its head has arrived (slow-client guard).
    public var bodyTimeout: Duration
    /// Per-credential request rate and concurrent response streams (`--rate-limit`, `--max-streams`; 0 = unlimited).
    /// A credentials-file section may override them (`basalt_rate_limit`, `basalt_max_streams`).
    public var limits: CallerLimits

    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String = "./.basalt", auth: AuthMode = .none,
        region: String = "us-east-1", accountId: String = "123456789012", maxBodyBytes: Int = 26_000_000,
        limits: CallerLimits = .unlimited, bodyTimeout: Duration = .seconds(60)
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.auth = auth
        self.region = region
        self.accountId = accountId
        self.maxBodyBytes = maxBodyBytes
        self.limits = limits
        self.bodyTimeout = bodyTimeout
    }
}
