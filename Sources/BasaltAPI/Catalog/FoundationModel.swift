import Foundation

/// One Bedrock foundation model as `GetFoundationModel` / `ListFoundationModels` describe it
/// (`FoundationModelDetails` / `FoundationModelSummary`, bedrock 2023-04-20), plus the facts Basalt needs to
/// serve it: which native `InvokeModel` body format it speaks, its real token limits and its Converse capabilities.
///
/// Values are region-independent; the ARN is built for the region that answers (`arn(region:)`).
public struct FoundationModel: Sendable, Hashable, Identifiable {
    /// The model ID, e.g. `anthropic.claude-3-haiku-20240307-v1:0` (`BedrockModelId`).
    public var id: String
    /// Display name, e.g. `Claude 3 Haiku` (`modelName`).
    public var name: String
    /// Display provider, e.g. `Anthropic` (`providerName`).
    public var providerName: String
    /// `inputModalities`.
    public var inputModalities: [Modality]
    /// `outputModalities`.
    public var outputModalities: [Modality]
    /// `responseStreamingSupported`.
    public var responseStreamingSupported: Bool
    /// `customizationsSupported`.
    public var customizationsSupported: [Customization]
    /// `inferenceTypesSupported`. Profile-only models carry only `.inferenceProfile`.
    public var inferenceTypesSupported: [InferenceType]
    /// `modelLifecycle`.
    public var lifecycle: Lifecycle
    /// Native `InvokeModel` body format (selects the request/response codec).
    public var family: ModelFamily
    /// What the model produces.
    public var kind: Kind
    /// The model's own maximum output tokens (the limit quoted in "exceed the model limit of N").
    public var maxOutputTokens: Int?
    /// Context window in tokens.
    public var contextWindow: Int?
    /// Output vector size for embedding models (the default size where several are offered).
    public var embeddingDimension: Int?
    /// Converse feature support.
    public var capabilities: ModelCapabilities
    /// Geographies that have a system-defined (cross-region) inference profile for this model.
    public var profileGeos: [InferenceGeo]

    /// Creates a model description.
    public init(
        id: String, name: String, providerName: String,
        input: [Modality], output: [Modality], streaming: Bool = true,
        customizations: [Customization] = [], inferenceTypes: [InferenceType] = [.onDemand],
        lifecycle: Lifecycle = .active, family: ModelFamily, kind: Kind,
        maxOutputTokens: Int? = nil, contextWindow: Int? = nil, embeddingDimension: Int? = nil,
        capabilities: ModelCapabilities = .none, profileGeos: [InferenceGeo] = []
    ) {
        self.id = id
        self.name = name
        self.providerName = providerName
        self.inputModalities = input
        self.outputModalities = output
        self.responseStreamingSupported = streaming
        self.customizationsSupported = customizations
        self.inferenceTypesSupported = inferenceTypes
        self.lifecycle = lifecycle
        self.family = family
        self.kind = kind
        self.maxOutputTokens = maxOutputTokens
        self.contextWindow = contextWindow
        self.embeddingDimension = embeddingDimension
        self.capabilities = capabilities
        self.profileGeos = profileGeos
    }

    /// The provider segment of the ID (text before the first `.`), e.g. `anthropic`.
    public var provider: String {
        String(id.prefix(while: { $0 != "." }))
    }

    /// Whether a base-ID (or FM ARN) invocation is allowed; false for profile-only and provisioned-only models.
    public var supportsOnDemand: Bool { inferenceTypesSupported.contains(.onDemand) }

    /// Whether the model is reachable only through an inference profile.
    public var isProfileOnly: Bool { !supportsOnDemand && inferenceTypesSupported.contains(.inferenceProfile) }

    /// `arn:{partition}:bedrock:{region}::foundation-model/{id}` (the account field is empty).
    public func arn(region: String, partition: String = "aws") -> String {
        "arn:\(partition):bedrock:\(region)::foundation-model/\(id)"
    }
}
