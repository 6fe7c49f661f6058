import BasaltAPI
import BasaltCore
import BasaltStore
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
    /// Application-profile or provisioned-model ARN that usage is attributed to.
    public var usageArn: String?
    /// Provisioned throughput: concurrent requests admitted through this ARN.
    public var admission: (arn: String, limit: Int)?
}

/// Maps Bedrock model identifiers to backends: the catalog decides what a foundation-model id means, the store
/// what a stateful ARN (application profile, provisioned or imported model) means, and the serving configuration
/// which backend answers.
public struct ModelRegistry: Sendable {
    public let catalog: Catalog
    public let region: String
    /// Serves every text model id that has no override.
    public let defaultText: (any TextModel)?
    /// Per-model-id text backends (from the YAML configuration).
    public let textOverrides: [String: any TextModel]
    /// Serves every embedding model id (Titan, Cohere), lifting its vectors to the model's real size.
    public let embedding: (any EmbeddingBackend)?
    /// Resolves stateful identifiers; nil means there is no store and they are invalid.
    public let resolver: StoreResolver?
    /// Usage per application-profile / provisioned ARN.
    public let usage: (any UsageLedger)?
    /// Provisioned model units bound concurrency.
    public let admission = AdmissionGate()
    let imported: ImportedModels?

    public init(
        catalog: Catalog = .bedrock, region: String, defaultText: (any TextModel)?,
        textOverrides: [String: any TextModel] = [:], embedding: (any EmbeddingBackend)? = nil,
        resolver: StoreResolver? = nil, usage: (any UsageLedger)? = nil,
        loadImported: (@Sendable (String) throws -> any TextModel)? = nil
    ) {
        self.catalog = catalog
        self.region = region
        self.defaultText = defaultText
        self.textOverrides = textOverrides
        self.embedding = embedding
        self.resolver = resolver
        self.usage = usage
        self.imported = loadImported.map(ImportedModels.init)
    }

    /// Resolves a runtime `modelId` for a text operation (Converse, InvokeModel of a text family, CountTokens).
    public func text(_ modelId: String) async throws -> ServedModel {
        let resolution = catalog.resolve(modelId)
        guard case .stateful(let identifier) = resolution else { return try catalogText(resolution) }
        guard let resolver else { throw BedrockError.invalidModelIdentifier() }
        switch try await resolver.resolve(identifier) {
        case .alias(let target, let usageArn):
            var served = try await text(target)
            served.usageArn = usageArn
            return served
        case .provisioned(let target, let arn, let units):
            var served = try await text(target)
            served.admission = (arn, units)
            served.usageArn = arn
            return served
        case .imported(let path, let arn, let descriptor):
            guard let imported else { throw BedrockError.invalidModelIdentifier() }
            let backend = try await imported.model(arn: arn, path: path)
            return ServedModel(model: descriptor, profile: nil, backend: backend, capabilities: backend.capabilities)
        case .prompt:
            // Prompts are rendered by the Converse controller before the model is resolved.
            throw BedrockError.invalidModelIdentifier()
        }
    }

    /// The catalog model an id names when it is an embedding model with a backend, else nil (text and the rest).
    /// Image, video and speech models have no backend here: Bedrock's access error.
    public func embeddingModel(_ modelId: String) throws(AWSError) -> (FoundationModel, any EmbeddingBackend)? {
        guard case .model(let model, _) = catalog.resolve(modelId) else { return nil }
        switch model.kind {
        case .text: return nil
        case .embedding:
            guard let embedding else { throw BedrockError.modelAccessDenied() }
            return (model, embedding)
        default:
            throw BedrockError.modelAccessDenied()
        }
    }

    func catalogText(_ resolution: Resolution) throws(AWSError) -> ServedModel {
        guard case .model(let model, let profile) = resolution else {
            throw BedrockError.validation(resolution.validationMessage ?? Resolution.invalidIdentifierMessage)
        }
        guard model.kind == .text else {
            throw BedrockError.validation(
                "This action doesn't support the model that you provided. Try again with a supported text or chat model.")
        }
        guard let backend = textOverrides[model.id] ?? defaultText else {
            throw BedrockError.modelAccessDenied()
        }
        var caps = backend.capabilities
        caps.acceptsImages = caps.acceptsImages && model.capabilities.contains(.vision)
        caps.acceptsVideo = caps.acceptsVideo && model.capabilities.contains(.videoInput)
        caps.toolUse = model.capabilities.contains(.toolUse)
        if let max = model.maxOutputTokens { caps.maxOutputTokens = max }
        return ServedModel(model: model, profile: profile, backend: backend, capabilities: caps)
    }
}

/// Imported models, loaded on first use and kept.
actor ImportedModels {
    let load: @Sendable (String) throws -> any TextModel
    var loaded: [String: any TextModel] = [:]
    init(load: @escaping @Sendable (String) throws -> any TextModel) { self.load = load }

    func model(arn: String, path: String) throws -> any TextModel {
        if let m = loaded[arn] { return m }
        let m = try load(path)
        loaded[arn] = m
        return m
    }
}
