import BasaltCore

/// The IAM action and resource of each control-plane and prompt-management operation. AWS names both services'
/// actions with the `bedrock:` prefix; operations without resource-level permissions (lists) use `*`, creations
/// the ARN pattern of what they create (`…:prompt/*`).
extension ControlRoute {
    /// What the operation asks to do. `body` is read only by the bedrock tagging operations (`resourceARN`).
    func policyRequest(_ names: ResourceNames, body: [UInt8]) -> PolicyRequest {
        func named(_ type: String, _ id: String) -> String { names.identifier(id, type: type) }
        let all = "*"
        switch self {
        case .listFoundationModels: return .bedrock("ListFoundationModels", all)
        case .getFoundationModel(let id):
            return .bedrock("GetFoundationModel", id.hasPrefix("arn:") ? id : names.foundationModel(id))
        case .listInferenceProfiles: return .bedrock("ListInferenceProfiles", all)
        case .getInferenceProfile(let id): return .bedrock("GetInferenceProfile", names.inferenceProfile(id))
        case .createInferenceProfile: return .bedrock("CreateInferenceProfile", names.owned("application-inference-profile", "*"))
        case .deleteInferenceProfile(let id): return .bedrock("DeleteInferenceProfile", names.inferenceProfile(id))
        case .tagResource: return .bedrock("TagResource", Self.resourceARN(body))
        case .untagResource: return .bedrock("UntagResource", Self.resourceARN(body))
        case .listTagsForResource: return .bedrock("ListTagsForResource", Self.resourceARN(body))
        case .createProvisioned: return .bedrock("CreateProvisionedModelThroughput", names.owned("provisioned-model", "*"))
        case .getProvisioned(let id): return .bedrock("GetProvisionedModelThroughput", named("provisioned-model", id))
        case .listProvisioned: return .bedrock("ListProvisionedModelThroughputs", all)
        case .updateProvisioned(let id): return .bedrock("UpdateProvisionedModelThroughput", named("provisioned-model", id))
        case .deleteProvisioned(let id): return .bedrock("DeleteProvisionedModelThroughput", named("provisioned-model", id))
        case .createImportJob: return .bedrock("CreateModelImportJob", names.owned("model-import-job", "*"))
        case .getImportJob(let id): return .bedrock("GetModelImportJob", named("model-import-job", id))
        case .listImportJobs: return .bedrock("ListModelImportJobs", all)
        case .getImportedModel(let id): return .bedrock("GetImportedModel", named("imported-model", id))
        case .listImportedModels: return .bedrock("ListImportedModels", all)
        case .deleteImportedModel(let id): return .bedrock("DeleteImportedModel", named("imported-model", id))
        case .listCustomModels: return .bedrock("ListCustomModels", all)
        case .getCustomModel(let id): return .bedrock("GetCustomModel", named("custom-model", id))
        case .createPrompt: return .bedrock("CreatePrompt", names.owned("prompt", "*"))
        case .listPrompts: return .bedrock("ListPrompts", all)
        case .getPrompt(let id): return .bedrock("GetPrompt", named("prompt", id))
        case .updatePrompt(let id): return .bedrock("UpdatePrompt", named("prompt", id))
        case .deletePrompt(let id): return .bedrock("DeletePrompt", named("prompt", id))
        case .createPromptVersion(let id): return .bedrock("CreatePromptVersion", named("prompt", id))
        case .agentTagResource(let arn): return .bedrock("TagResource", arn)
        case .agentUntagResource(let arn): return .bedrock("UntagResource", arn)
        case .agentListTags(let arn): return .bedrock("ListTagsForResource", arn)
        }
    }

    /// `resourceARN` of a bedrock tagging body; `*` when it is missing (the operation then fails validation).
    static func resourceARN(_ body: [UInt8]) -> String {
        (try? JSONValue.parse(body))?["resourceARN"]?.stringValue ?? "*"
    }
}
