/// A request whose signature verified.
public struct VerifiedRequest: Sendable {
    /// The signature parameters the request carried.
    public let parameters: SignatureParameters
    /// The credential that signed it.
    public let credentials: SigningCredentials
    /// The derived signing key: the seed for verifying event-stream chunk signatures (§12.4).
    public let signingKey: [UInt8]
}
