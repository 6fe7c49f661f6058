/// The kinds of persistent control-plane resources. The raw value is what the store writes in its `kind` column,
/// so it never changes once released.
public enum ResourceKind: String, Sendable, Hashable, CaseIterable {
    /// `application-inference-profile/{id}` (bedrock `CreateInferenceProfile`).
    case applicationProfile = "application-inference-profile"
    /// A prompt's DRAFT (bedrock-agent `CreatePrompt`).
    case prompt = "prompt"
    /// An immutable numbered snapshot of a prompt (`CreatePromptVersion`); `parentId` is the prompt's id.
    case promptVersion = "prompt-version"
    /// `provisioned-model/{id}` (`CreateProvisionedModelThroughput`).
    case provisionedModel = "provisioned-model"
    /// `imported-model/{id}` (the result of a model import job).
    case importedModel = "imported-model"
    /// `model-import-job/{id}` (`CreateModelImportJob`).
    case modelImportJob = "model-import-job"
    /// A long-term Bedrock API key (`basalt keys create`): the name is the caller's, the attributes hold the
    /// SHA-256 of the secret, never the secret.
    case apiKey = "api-key"

    /// Whether `name` must be unique among resources of this kind (Bedrock answers a duplicate with
    /// `ConflictException`). Versions share their prompt's name.
    public var hasUniqueNames: Bool { self != .promptVersion }

    /// Kinds deleted together with a resource of this kind (their `parentId` is its id).
    public var childKinds: [ResourceKind] { self == .prompt ? [.promptVersion] : [] }
}
