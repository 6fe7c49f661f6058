/// The foundation models and system-defined inference profiles Basalt describes on the control plane and
/// resolves on the runtime. Pure data plus lookups; the literal data lives in `Catalog+*.swift`.
public struct Catalog: Sendable {
    /// Every foundation model, in `ListFoundationModels` order.
    public let models: [FoundationModel]
    /// Every system-defined profile, derived from `models[].profileGeos`.
    public let systemProfiles: [InferenceProfile]
    private let modelIndex: [String: Int]
    private let profileIndex: [String: Int]

    /// Builds a catalog; profiles are derived by rule (one per model and geography). Later duplicates of an ID
    /// are ignored by lookups (tests assert there are none).
    public init(models: [FoundationModel]) {
        self.models = models
        self.systemProfiles = models.flatMap { model in model.profileGeos.map { InferenceProfile(model: model, geo: $0) } }
        var modelIndex: [String: Int] = [:]
        for (offset, model) in models.enumerated() where modelIndex[model.id] == nil { modelIndex[model.id] = offset }
        var profileIndex: [String: Int] = [:]
        for (offset, profile) in systemProfiles.enumerated() where profileIndex[profile.id] == nil {
            profileIndex[profile.id] = offset
        }
        self.modelIndex = modelIndex
        self.profileIndex = profileIndex
    }

    /// The Amazon Bedrock catalog.
    public static let bedrock = Catalog(models: Catalog.bedrockModels)

    /// All literal model data, provider by provider.
    public static var bedrockModels: [FoundationModel] {
        anthropicModels + amazonModels + metaModels + mistralModels + cohereModels + ai21Models + otherModels
    }

    /// The model with this exact ID.
    public func model(id: String) -> FoundationModel? { modelIndex[id].map { models[$0] } }

    /// The system profile with this exact ID.
    public func systemProfile(id: String) -> InferenceProfile? { profileIndex[id].map { systemProfiles[$0] } }

    /// `GetFoundationModel`'s `modelIdentifier`: a base model ID or a foundation-model ARN.
    public func foundationModel(identifier: String) -> FoundationModel? {
        guard case .foundationModel(let id, _) = ModelIdentifier(parsing: identifier) else { return nil }
        return model(id: id)
    }

    /// `GetInferenceProfile`'s identifier when it names a system profile (ID or ARN).
    public func systemProfile(identifier: String) -> InferenceProfile? {
        guard case .systemProfile(let id, _, _, _) = ModelIdentifier(parsing: identifier) else { return nil }
        return systemProfile(id: id)
    }

    /// System profiles a caller in `region` can use (`ListInferenceProfiles` with `typeEquals: SYSTEM_DEFINED`).
    public func systemProfiles(visibleFrom region: String) -> [InferenceProfile] {
        systemProfiles.filter { $0.geo.isSource(region: region) }
    }

    /// `ListFoundationModels` with its four optional filters. `byProvider` matches the display name or the ID's
    /// provider segment, case-insensitively.
    public func models(
        byProvider provider: String? = nil, byCustomizationType customization: FoundationModel.Customization? = nil,
        byOutputModality modality: FoundationModel.Modality? = nil, byInferenceType inferenceType: FoundationModel.InferenceType? = nil
    ) -> [FoundationModel] {
        models.filter { model in
            if let provider {
                let wanted = provider.lowercased()
                guard model.providerName.lowercased() == wanted || model.provider == wanted else { return false }
            }
            if let customization, !model.customizationsSupported.contains(customization) { return false }
            if let modality, !model.outputModalities.contains(modality) { return false }
            if let inferenceType, !model.inferenceTypesSupported.contains(inferenceType) { return false }
            return true
        }
    }

    /// Resolves a runtime `modelId` (percent-decoded).
    public func resolve(_ modelId: String) -> Resolution { resolve(ModelIdentifier(parsing: modelId)) }

    /// Resolves a classified identifier: catalog kinds to a model (or the on-demand refusal), stateful kinds are
    /// handed back for the store, everything else is invalid.
    public func resolve(_ identifier: ModelIdentifier) -> Resolution {
        switch identifier {
        case .invalid(let reason):
            return .invalid(reason)
        case .foundationModel(let id, _):
            guard let model = model(id: id) else { return .invalid(nil) }
            return model.supportsOnDemand ? .model(model, profile: nil) : .onDemandNotSupported(model, requestedId: id)
        case .systemProfile(let profileId, _, let modelId, _):
            guard let profile = systemProfile(id: profileId), let model = model(id: modelId) else { return .invalid(nil) }
            return .model(model, profile: profile)
        case .applicationProfile, .provisionedModel, .customModel, .customModelDeployment, .importedModel, .prompt,
             .promptRouter, .marketplaceEndpoint:
            return .stateful(identifier)
        }
    }
}
