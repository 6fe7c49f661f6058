import BasaltAPI
import BasaltWire

/// Bounds the concurrent requests admitted per key (a provisioned model's ARN, bounded by its model units).
/// A request over the bound is refused with `ThrottlingException`, as Bedrock does when provisioned capacity is full.
public actor AdmissionGate {
    private var inFlight: [String: Int] = [:]

    /// Creates an empty gate.
    public init() {}

    /// Takes a slot for `key` or throws `ThrottlingException` when `limit` are taken.
    public func admit(_ key: String, limit: Int) throws(AWSError) {
        let current = inFlight[key, default: 0]
        guard current < limit else { throw BedrockError.tooManyRequests() }
        inFlight[key] = current + 1
    }

    /// Returns a slot taken by `admit`.
    public func release(_ key: String) {
        let n = inFlight[key, default: 0] - 1
        inFlight[key] = n > 0 ? n : nil
    }

    /// Requests currently admitted for `key`.
    public func count(_ key: String) -> Int { inFlight[key, default: 0] }
}
