/// A geography of system-defined (cross-region) inference profiles: the `us.` / `eu.` / `apac.` / `global.` …
/// prefix of a profile ID and the Regions its requests may be routed to (spec §9.1; Bedrock user guide,
/// "Supported cross-Region inference profiles").
public enum InferenceGeo: String, Sendable, Hashable, Codable, CaseIterable {
    /// `us.` — United States.
    case us
    /// `eu.` — European Union.
    case eu
    /// `apac.` — Asia Pacific.
    case apac
    /// `global.` — every commercial Region.
    case global
    /// `us-gov.` — AWS GovCloud (US).
    case usGov = "us-gov"
    /// `jp.` — Japan.
    case jp
    /// `au.` — Australia.
    case au
    /// `ca.` — Canada (prefix seen in the wild; unverified).
    case ca

    /// The ID prefix including the dot, e.g. `us.`.
    public var prefix: String { rawValue + "." }

    /// The word that starts a profile's display name, e.g. `US` in "US Anthropic Claude 3.5 Haiku".
    public var displayName: String {
        switch self {
        case .us: "US"
        case .eu: "EU"
        case .apac: "APAC"
        case .global: "Global"
        case .usGov: "US-GOV"
        case .jp: "JP"
        case .au: "AU"
        case .ca: "CA"
        }
    }

    /// The AWS partition the geography lives in.
    public var partition: String { self == .usGov ? "aws-us-gov" : "aws" }

    /// Destination Regions, in the order a profile's `models` list names them.
    public var memberRegions: [String] {
        switch self {
        case .us: ["us-east-1", "us-east-2", "us-west-2"]
        case .eu: ["eu-central-1", "eu-west-1", "eu-west-3"]
        case .apac: ["ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2"]
        case .global: Self.commercialRegions
        case .usGov: ["us-gov-west-1", "us-gov-east-1"]
        case .jp: ["ap-northeast-1", "ap-northeast-3"]
        case .au: ["ap-southeast-2", "ap-southeast-4"]
        case .ca: ["ca-central-1", "ca-west-1"]
        }
    }

    /// Whether a caller in `region` may use this geography's profiles (its source Regions; approximated by the
    /// member Regions, and every commercial Region for `global`).
    public func isSource(region: String) -> Bool {
        self == .global ? !region.hasPrefix("us-gov-") && !region.hasPrefix("cn-") : memberRegions.contains(region)
    }

    /// The geography named by the start of a profile ID (`us-gov.` is tested before `us.`).
    public static func matchingPrefix(of identifier: String) -> InferenceGeo? {
        let ordered: [InferenceGeo] = [.usGov, .us, .eu, .apac, .global, .jp, .au, .ca]
        return ordered.first { identifier.hasPrefix($0.prefix) }
    }

    /// Commercial Regions where Bedrock runs (destination set of `global.` profiles).
    public static let commercialRegions: [String] = [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
        "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1", "eu-south-1", "eu-south-2",
        "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
        "ap-southeast-1", "ap-southeast-2", "ap-southeast-4",
    ]
}
