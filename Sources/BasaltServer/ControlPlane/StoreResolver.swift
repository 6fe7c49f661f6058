import BasaltAPI
import BasaltCore
import BasaltStore
import BasaltWire
import Foundation

/// Resolves the stateful model identifiers (`Resolution.stateful`) through the store: the one seam between the
/// runtime's `ModelRegistry` and the control plane.
public struct StoreResolver: Sendable {
    /// What a stateful identifier stands for.
    public enum Target: Sendable, Hashable {
        /// Serve `modelId` (a catalog base id or system profile id, or an imported-model ARN) and attribute usage to
        /// `usageArn` (application inference profiles).
        case alias(modelId: String, usageArn: String)
        /// Serve `modelId` admitting at most `modelUnits` concurrent requests through `arn`.
        case provisioned(modelId: String, arn: String, modelUnits: Int)
        /// Load the GGUF at `path` (`LocalTextModel.load(path:)`), cached per `arn`; `descriptor` stands in for the
        /// catalog entry (shapes, limits, native InvokeModel family by architecture).
        case imported(path: String, arn: String, descriptor: FoundationModel)
        /// Render with `PromptInvocation.render(prompt:request:)`, then resolve the rendered `modelId`.
        case prompt(JSONObject, arn: String)
    }

    let store: any ResourceStore

    /// Creates a resolver over `store`.
    public init(store: any ResourceStore) { self.store = store }

    /// The target of `identifier`; Bedrock's "invalid identifier" error for unknown resources.
    public func resolve(_ identifier: ModelIdentifier) async throws -> Target {
        switch identifier {
        case .applicationProfile(let id, _):
            let record = try await require(.id(.applicationProfile, id))
            guard let target = record.attributes["target"]?.stringValue else { throw invalid() }
            return .alias(modelId: target, usageArn: record.arn)
        case .provisionedModel(let id, _):
            let record = try await require(.id(.provisionedModel, id))
            guard let model = record.attributes["modelArn"]?.stringValue, let units = record.attributes["modelUnits"]?.intValue
            else { throw invalid() }
            return .provisioned(modelId: Self.runtimeId(model), arn: record.arn, modelUnits: units)
        case .importedModel(let id, _):
            let record = try await require(.id(.importedModel, id))
            guard let path = record.attributes["path"]?.stringValue else { throw invalid() }
            return .imported(path: path, arn: record.arn, descriptor: Self.descriptor(record))
        case .prompt(let id, let version, _):
            let key: ResourceKey = version.map { .id(.promptVersion, "\(id):\($0)") } ?? .id(.prompt, id)
            let record = try await require(key)
            return .prompt(record.attributes.objectValue ?? JSONObject(), arn: record.arn)
        default:
            throw invalid()
        }
    }

    /// A foundation-model ARN becomes its base id (resolvable by the catalog); other ARNs stay as they are.
    static func runtimeId(_ arn: String) -> String {
        if case .foundationModel(let id, _) = ModelIdentifier(parsing: arn) { return id }
        return arn
    }

    /// The catalog-style description of an imported model: a text model whose InvokeModel body follows its
    /// architecture (Llama and Mistral architectures speak those providers' native formats, as on Bedrock).
    static func descriptor(_ record: ResourceRecord) -> FoundationModel {
        let architecture = record.attributes["modelArchitecture"]?.stringValue ?? "llama"
        let family: ModelFamily = architecture.hasPrefix("mistral") ? .mistralText : .metaLlama3
        return FoundationModel(
            id: "imported-model/\(record.id)", name: String(record.name.prefix(20)), providerName: "Imported",
            input: [.text], output: [.text], inferenceTypes: [.onDemand], family: family, kind: .text,
            maxOutputTokens: 2048, capabilities: [.systemPrompt])
    }

    func require(_ key: ResourceKey) async throws -> ResourceRecord {
        guard let record = try await store.record(key) else { throw invalid() }
        return record
    }

    func invalid() -> AWSError { BedrockError.validation(Resolution.invalidIdentifierMessage) }
}
