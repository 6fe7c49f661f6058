/// The `bedrock` control-plane and `bedrock-agent` prompt-management route table (spec §10.1, §11.1), matched on
/// percent-decoded path segments like `Route`. Prompt URIs match with or without their trailing slash.
enum ControlRoute: Sendable, Equatable {
    case listFoundationModels, getFoundationModel(String)
    case listInferenceProfiles, getInferenceProfile(String), createInferenceProfile, deleteInferenceProfile(String)
    case tagResource, untagResource, listTagsForResource
    case createProvisioned, getProvisioned(String), listProvisioned, updateProvisioned(String), deleteProvisioned(String)
    case createImportJob, getImportJob(String), listImportJobs
    case getImportedModel(String), listImportedModels, deleteImportedModel(String)
    case listCustomModels, getCustomModel(String)
    case createPrompt, listPrompts, getPrompt(String), updatePrompt(String), deletePrompt(String)
    case createPromptVersion(String)
    case agentTagResource(String), agentUntagResource(String), agentListTags(String)

    init?(method: String, segments: [String]) {
        var s = segments
        if s.first == "prompts", s.count >= 2, s.last == "" { s.removeLast() }  // trailing slash (trap 7)
        // The second segment is the only label of every control-plane URI.
        guard (1...3).contains(s.count) else { return nil }
        let label = s.count >= 2 ? s[1] : ""
        var shape = s
        if shape.count >= 2 { shape[1] = "{}" }
        switch "\(method) " + shape.joined(separator: "/") {
        case "GET foundation-models": self = .listFoundationModels
        case "GET foundation-models/{}": self = .getFoundationModel(label)
        case "GET inference-profiles": self = .listInferenceProfiles
        case "POST inference-profiles": self = .createInferenceProfile
        case "GET inference-profiles/{}": self = .getInferenceProfile(label)
        case "DELETE inference-profiles/{}": self = .deleteInferenceProfile(label)
        case "POST tagResource": self = .tagResource
        case "POST untagResource": self = .untagResource
        case "POST listTagsForResource": self = .listTagsForResource
        case "POST provisioned-model-throughput": self = .createProvisioned
        case "GET provisioned-model-throughputs": self = .listProvisioned
        case "GET provisioned-model-throughput/{}": self = .getProvisioned(label)
        case "PATCH provisioned-model-throughput/{}": self = .updateProvisioned(label)
        case "DELETE provisioned-model-throughput/{}": self = .deleteProvisioned(label)
        case "POST model-import-jobs": self = .createImportJob
        case "GET model-import-jobs": self = .listImportJobs
        case "GET model-import-jobs/{}": self = .getImportJob(label)
        case "GET imported-models": self = .listImportedModels
        case "GET imported-models/{}": self = .getImportedModel(label)
        case "DELETE imported-models/{}": self = .deleteImportedModel(label)
        case "GET custom-models": self = .listCustomModels
        case "GET custom-models/{}": self = .getCustomModel(label)
        case "POST prompts": self = .createPrompt
        case "GET prompts": self = .listPrompts
        case "GET prompts/{}": self = .getPrompt(label)
        case "PUT prompts/{}": self = .updatePrompt(label)
        case "DELETE prompts/{}": self = .deletePrompt(label)
        case "POST prompts/{}/versions": self = .createPromptVersion(label)
        case "POST tags/{}": self = .agentTagResource(label)
        case "DELETE tags/{}": self = .agentUntagResource(label)
        case "GET tags/{}": self = .agentListTags(label)
        default: return nil
        }
    }
}
