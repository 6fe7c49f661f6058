import BasaltAPI
import BasaltCore
import BasaltWire

/// A model id resolved to what serves it.
public struct ServedModel: Sendable {
    /// The catalog entry whose shapes and limits the response follows.
    public var model: FoundationModel
    /// The system inference profile used, if any.
    public var profile: InferenceProfile?
    public var backend: any TextModel
    /// Capabilities the request is validated against: the real model's, limited by what the backend can take.
    public var capabilities: BackendCapabilities
}

/// Maps Bedrock model identifiers to backends: the catalog decides what an id means; the serving
/// configuration decides which backend answers for it.
public struct ModelRegistry: Sendable {
    public let catalog: Catalog
    public let region: String
    /// Serves every text model id that has no override.
    public let defaultText: (any TextModel)?
    /// Per-model-id text backends (from the YAML configuration).
    public let textOverrides: [String: any TextModel]

    public init(
        catalog: Catalog = .bedrock, region: String, defaultText: (any TextModel)?,
        textOverrides: [String: any TextModel] = [:]
    ) {
        self.catalog = catalog
        self.region = region
        self.defaultText = defaultText
        self.textOverrides = textOverrides
    }

    /// Resolves a runtime `modelId` for a text operation (Converse, InvokeModel of a text family, CountTokens).
    public func text(_ modelId: String) throws(AWSError) -> ServedModel {
        let (model, profile) = try foundationModel(modelId)
        guard model.kind == .text else {
            throw BedrockError.validation(
                "This action doesn't support the model that you provided. Try again with a supported text or chat model.")
        }
        guard let backend = textOverrides[model.id] ?? defaultText else {
            throw BedrockError.accessDenied("You don't have access to the model with the specified model ID.")
        }
        var caps = backend.capabilities
        caps.acceptsImages = caps.acceptsImages && model.capabilities.contains(.vision)
        caps.acceptsVideo = caps.acceptsVideo && model.capabilities.contains(.videoInput)
        caps.toolUse = model.capabilities.contains(.toolUse)
        if let max = model.maxOutputTokens { caps.maxOutputTokens = max }
        return ServedModel(model: model, profile: profile, backend: backend, capabilities: caps)
    }

    /// Resolves any identifier to a catalog model, answering Bedrock's errors for the rest.
    public func foundationModel(_ modelId: String) throws(AWSError) -> (FoundationModel, InferenceProfile?) {
        let resolution = catalog.resolve(modelId)
        switch resolution {
        case .model(let model, let profile):
            return (model, profile)
        case .stateful:
            // Application profiles, provisioned, imported and prompt ARNs live in the store (not yet served).
            throw BedrockError.validation(Resolution.invalidIdentifierMessage)
        default:
            throw BedrockError.validation(resolution.validationMessage ?? Resolution.invalidIdentifierMessage)
        }
    }
}
