/// The `Credential` of a SigV4 signature (§12.1): `<AccessKeyId>/<yyyymmdd>/<region>/<service>/aws4_request`.
public struct CredentialScope: Sendable, Hashable {
    /// The access key id.
    public var accessKeyId: String
    /// `yyyymmdd`.
    public var date: String
    /// The region the request was signed for.
    public var region: String
    /// The signing service name (`bedrock` for every Bedrock endpoint, trap 3).
    public var service: String
    /// Always `aws4_request` in a valid scope.
    public var terminator: String

    /// A scope from its parts.
    public init(accessKeyId: String, date: String, region: String, service: String, terminator: String = "aws4_request") {
        self.accessKeyId = accessKeyId
        self.date = date
        self.region = region
        self.service = service
        self.terminator = terminator
    }

    /// Parses the (already percent-decoded) credential; AWS's `IncompleteSignatureException` text unless it
    /// has exactly five `/`-separated elements.
    public init(parsing credential: String) throws(SigV4Error) {
        let parts = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5 else {
            throw .incomplete(
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term,"
                    + " got '\(credential)'")
        }
        self.init(accessKeyId: parts[0], date: parts[1], region: parts[2], service: parts[3], terminator: parts[4])
    }

    /// `<yyyymmdd>/<region>/<service>/<terminator>`: the third line of the string to sign.
    public var scope: String { "\(date)/\(region)/\(service)/\(terminator)" }

    /// The full credential value: `<AccessKeyId>/<scope>`.
    public var credential: String { "\(accessKeyId)/\(scope)" }
}
