import Foundation

/// A system-defined (cross-region) inference profile as `GetInferenceProfile` / `ListInferenceProfiles` describe
/// it (`InferenceProfileSummary`, bedrock 2023-04-20). Derived from a catalog model and a geography by rule;
/// never typed one by one.
public struct InferenceProfile: Sendable, Hashable, Identifiable {
    /// `InferenceProfileType`.
    public enum ProfileType: String, Sendable, Hashable, Codable, CaseIterable {
        /// `SYSTEM_DEFINED`
        case systemDefined = "SYSTEM_DEFINED"
        /// `APPLICATION`
        case application = "APPLICATION"
    }

    /// `InferenceProfileStatus` (the only modeled value).
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// `ACTIVE`
        case active = "ACTIVE"
    }

    /// `inferenceProfileId`, e.g. `us.anthropic.claude-3-5-haiku-20241022-v1:0`.
    public var id: String
    /// The geography (ID prefix).
    public var geo: InferenceGeo
    /// The foundation model every member routes to.
    public var modelId: String
    /// `inferenceProfileName`, e.g. `US Anthropic Claude 3.5 Haiku`.
    public var name: String
    /// `description`.
    public var description: String
    /// `status`.
    public var status: Status
    /// `type` (always `.systemDefined` for catalog profiles).
    public var type: ProfileType
    /// `createdAt`.
    public var createdAt: Date
    /// `updatedAt`.
    public var updatedAt: Date
    /// Destination Regions, in `models` order.
    public var memberRegions: [String]

    /// Derives the system profile of `model` in `geo`.
    public init(model: FoundationModel, geo: InferenceGeo) {
        self.id = geo.prefix + model.id
        self.geo = geo
        self.modelId = model.id
        let subject = model.providerName == "Amazon" ? model.name : "\(model.providerName) \(model.name)"
        self.name = "\(geo.displayName) \(subject)"
        let regions = geo.memberRegions
        self.memberRegions = regions
        let destination: String
        if geo == .global {
            destination = "all commercial AWS Regions"
        } else if regions.count == 1 {
            destination = regions[0]
        } else {
            destination = regions.dropLast().joined(separator: ", ") + " and " + regions[regions.count - 1]
        }
        self.description = "Routes requests to \(subject) in \(destination)."
        self.status = .active
        self.type = .systemDefined
        let launched = Self.geoLaunch[geo] ?? .distantPast
        let created = max(model.lifecycle.startOfLifeTime ?? launched, launched)
        self.createdAt = created
        self.updatedAt = created
    }

    /// `arn:{partition}:bedrock:{region}:{account}:inference-profile/{id}`.
    public func arn(region: String, account: String) -> String {
        "arn:\(geo.partition):bedrock:\(region):\(account):inference-profile/\(id)"
    }

    /// `models[].modelArn`: the foundation-model ARN in every member Region.
    public var memberModelArns: [String] {
        memberRegions.map { "arn:\(geo.partition):bedrock:\($0)::foundation-model/\(modelId)" }
    }

    /// When each geography's profiles first appeared (approximate; used as the floor of `createdAt`).
    static let geoLaunch: [InferenceGeo: Date] = {
        let days: [InferenceGeo: String] = [
            .us: "2024-08-27", .eu: "2024-08-27", .apac: "2024-10-01", .usGov: "2025-01-15",
            .global: "2025-09-01", .jp: "2025-10-01", .au: "2025-10-01", .ca: "2025-10-01",
        ]
        return days.compactMapValues { FoundationModel.Lifecycle.utcDay($0) }
    }()
}
