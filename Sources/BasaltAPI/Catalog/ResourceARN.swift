/// An Amazon Resource Name split into its six fields: `arn:partition:service:region:account:resource`, where
/// `resource` is `type/id` (the ID may itself contain `:` and `/`, e.g. `anthropic.claude-v2:1`).
public struct ResourceARN: Sendable, Hashable, CustomStringConvertible {
    /// `aws`, `aws-cn`, `aws-us-gov`, …
    public var partition: String
    /// `bedrock`, `sagemaker`, …
    public var service: String
    /// Region, e.g. `us-east-1` (empty is kept as empty).
    public var region: String
    /// 12-digit account ID, or empty (foundation-model ARNs).
    public var account: String
    /// The part of the resource before the first `/`, e.g. `foundation-model`.
    public var resourceType: String
    /// The part of the resource after the first `/`.
    public var resourceId: String

    /// Creates an ARN from its fields.
    public init(partition: String, service: String, region: String, account: String, resourceType: String, resourceId: String) {
        self.partition = partition
        self.service = service
        self.region = region
        self.account = account
        self.resourceType = resourceType
        self.resourceId = resourceId
    }

    /// Splits `text`; `nil` unless it starts with `arn:` and has six fields and a `type/id` resource.
    public init?(_ text: String) {
        guard text.hasPrefix("arn:") else { return nil }
        let fields = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6 else { return nil }
        let resource = fields[5]
        guard let slash = resource.firstIndex(of: "/") else { return nil }
        self.partition = String(fields[1])
        self.service = String(fields[2])
        self.region = String(fields[3])
        self.account = String(fields[4])
        self.resourceType = String(resource[..<slash])
        self.resourceId = String(resource[resource.index(after: slash)...])
    }

    /// The ARN text.
    public var description: String {
        "arn:\(partition):\(service):\(region):\(account):\(resourceType)/\(resourceId)"
    }
}
