import BasaltAPI
import BasaltCore
import BasaltStore
import BasaltWire
import Foundation

/// Foundation models, inference profiles and `bedrock` tags (spec §10.1).
extension ControlPlane {
    func listFoundationModels(_ req: APIRequest) throws -> APIResponse {
        var r = ShapeReader()
        let provider = r.string(req.query["byProvider"].map(JSONValue.string), "byProvider", pattern: "[A-Za-z0-9- ]{1,63}")
        let customization = r.string(
            req.query["byCustomizationType"].map(JSONValue.string), "byCustomizationType",
            enumValues: FoundationModel.Customization.allCases.map(\.rawValue))
        let modality = r.string(
            req.query["byOutputModality"].map(JSONValue.string), "byOutputModality", enumValues: ["TEXT", "IMAGE", "EMBEDDING"])
        let inference = r.string(
            req.query["byInferenceType"].map(JSONValue.string), "byInferenceType", enumValues: ["ON_DEMAND", "PROVISIONED"])
        try finish(r)
        let models = catalog.models(
            byProvider: provider, byCustomizationType: customization.flatMap(FoundationModel.Customization.init(rawValue:)),
            byOutputModality: modality.map(FoundationModel.Modality.init(rawValue:)),
            byInferenceType: inference.flatMap(FoundationModel.InferenceType.init(rawValue:)))
        return .json(status: 200, ["modelSummaries": .array(models.map { $0.wireSummary(region: region) })])
    }

    func getFoundationModel(_ identifier: String) throws -> APIResponse {
        guard let model = catalog.foundationModel(identifier: identifier) else {
            throw ControlPlaneError.notFound("Could not find model \(identifier).")
        }
        return .json(status: 200, ["modelDetails": model.wireSummary(region: region)])
    }

    func listInferenceProfiles(_ req: APIRequest) async throws -> APIResponse {
        var r = ShapeReader()
        let type = r.string(req.query["type"].map(JSONValue.string), "typeEquals", enumValues: ["SYSTEM_DEFINED", "APPLICATION"])
        try finish(r)
        let params = try PageParameters.decode(req.query, limit: 1000, defaultSize: 1000)
        let system = type == "APPLICATION" ? [] : catalog.systemProfiles(visibleFrom: region)
        // Token: "s:{offset}" inside the system profiles, then "a:{store cursor}" inside the application ones.
        var offset = 0
        var storeCursor: String?
        var inApplication = false
        if let token = params.nextToken {
            if token.hasPrefix("s:"), let n = Int(token.dropFirst(2)), n >= 0, n <= system.count {
                offset = n
            } else if token.hasPrefix("a:") {
                inApplication = true
                storeCursor = token.count > 2 ? String(token.dropFirst(2)) : nil
            } else {
                throw ControlPlaneError.invalidNextToken()
            }
        }
        var items: [JSONValue] = []
        var next: String?
        if !inApplication {
            let slice = system.dropFirst(offset).prefix(params.maxResults)
            items = slice.map { $0.wireSummary(region: region, account: account) }
            if offset + slice.count < system.count { next = "s:\(offset + slice.count)" }
        }
        if next == nil, type != "SYSTEM_DEFINED", items.count < params.maxResults {
            let page = try await store.list(
                ResourceQuery(kind: .applicationProfile, limit: params.maxResults - items.count, cursor: storeCursor))
            items += page.records.map(applicationProfileSummary)
            next = page.nextCursor.map { "a:\($0)" }
        } else if next == nil, type != "SYSTEM_DEFINED", !inApplication {
            next = "a:"
        }
        return listResponse("inferenceProfileSummaries", items, next: next)
    }

    func getInferenceProfile(_ identifier: String) async throws -> APIResponse {
        if let system = catalog.systemProfile(identifier: identifier) {
            return .json(status: 200, system.wireSummary(region: region, account: account))
        }
        guard let record = try await applicationProfile(identifier) else {
            throw ControlPlaneError.notFound("The specified inference profile \(identifier) was not found.")
        }
        return .json(status: 200, applicationProfileSummary(record))
    }

    func createInferenceProfile(_ req: APIRequest) async throws -> APIResponse {
        let root = try ControlPlaneBody.object(req.body)
        var r = ShapeReader()
        r.onlyKnown(root, "", members: ["inferenceProfileName", "description", "clientRequestToken", "modelSource", "tags"])
        let name = r.string(root["inferenceProfileName"], "inferenceProfileName", required: true, minLength: 1, maxLength: 64,
                            pattern: "([0-9a-zA-Z][ _-]?)+")
        let description = r.string(root["description"], "description", minLength: 1, maxLength: 200, pattern: "([0-9a-zA-Z:.][ _-]?)+")
        let token = r.string(root["clientRequestToken"], "clientRequestToken", minLength: 1, maxLength: 256,
                             pattern: "[a-zA-Z0-9]([-a-zA-Z0-9]{0,254}[a-zA-Z0-9])?")
        let source = r.union(root["modelSource"], "modelSource", members: ["copyFrom"], required: true)
        let copyFrom = source.flatMap { r.string($0.1, "modelSource.copyFrom", required: true, minLength: 1, maxLength: 2048) }
        let tags = TagShapes.list(root["tags"], "tags", reader: &r)
        try finish(r)
        guard let name, let copyFrom else { throw ControlPlaneError.validation("modelSource.copyFrom is required.") }
        if tags.count > 50 { throw ControlPlaneError.tooManyTags(resourceName: name) }
        let (models, target) = try copySource(copyFrom)
        let id = ResourceIdentifiers.shortId()
        var attributes = JSONObject([("models", .array(models.map { .object(JSONObject([("modelArn", .string($0))])) }))])
        attributes["target"] = .string(target)
        if let description { attributes["description"] = .string(description) }
        let record = ResourceRecord(
            kind: .applicationProfile, id: id, name: name, arn: arn("application-inference-profile", id),
            createdAt: now(), attributes: .object(attributes))
        let key = token.map {
            IdempotencyKey(scope: "CreateInferenceProfile", token: $0, fingerprint: fingerprint(root, dropping: "clientRequestToken"))
        }
        let outcome: InsertOutcome
        do {
            outcome = try await store.insert(record, tags: tags.map { ResourceTag(key: $0.key, value: $0.value) }, idempotency: key)
        } catch let e as StoreError where e.code == .duplicateName {
            throw ControlPlaneError.conflict("An inference profile with the name \(name) already exists.", service: .bedrock)
        }
        return .json(status: 201, ["inferenceProfileArn": .string(outcome.record.arn), "status": "ACTIVE"])
    }

    /// The member model ARNs and the runtime identifier a `copyFrom` ARN stands for.
    func copySource(_ copyFrom: String) throws(AWSError) -> (models: [String], target: String) {
        switch ModelIdentifier(parsing: copyFrom) {
        case .foundationModel(let id, let arn?):
            guard let model = catalog.model(id: id) else {
                throw ControlPlaneError.notFound("The model \(copyFrom) specified in modelSource was not found.")
            }
            return ([model.arn(region: arn.region, partition: arn.partition)], model.id)
        case .systemProfile(let id, _, _, .some):
            guard let profile = catalog.systemProfile(id: id) else {
                throw ControlPlaneError.notFound("The inference profile \(copyFrom) specified in modelSource was not found.")
            }
            return (profile.memberModelArns, profile.id)
        default:
            throw ControlPlaneError.validation(
                "The modelSource.copyFrom value must be the ARN of a foundation model or of a system-defined inference profile.")
        }
    }

    func deleteInferenceProfile(_ identifier: String) async throws -> APIResponse {
        if catalog.systemProfile(identifier: identifier) != nil {
            throw ControlPlaneError.validation("System-defined inference profiles can't be deleted.")
        }
        guard let record = try await applicationProfile(identifier) else {
            throw ControlPlaneError.notFound("The specified inference profile \(identifier) was not found.")
        }
        try await store.delete(.applicationProfile, id: record.id)
        return .json(status: 200, .object(JSONObject()))
    }

    /// An application profile by id or ARN.
    func applicationProfile(_ identifier: String) async throws -> ResourceRecord? {
        if case .applicationProfile(let id, _) = ModelIdentifier(parsing: identifier) {
            return try await store.record(.id(.applicationProfile, id))
        }
        return try await store.record(.id(.applicationProfile, identifier))
    }

    func applicationProfileSummary(_ record: ResourceRecord) -> JSONValue {
        let a = attributes(record)
        var o = JSONObject([("inferenceProfileName", .string(record.name))])
        if let d = a["description"] { o["description"] = d }
        o["createdAt"] = time(record.createdAt)
        o["updatedAt"] = time(record.updatedAt)
        o["inferenceProfileArn"] = .string(record.arn)
        o["models"] = a["models"] ?? []
        o["inferenceProfileId"] = .string(record.id)
        o["status"] = "ACTIVE"
        o["type"] = "APPLICATION"
        return .object(o)
    }

    // MARK: - bedrock tags ([{key, value}], ARN in the body)

    func taggedRecord(_ root: JSONObject, reader r: inout ShapeReader) async throws -> String? {
        r.string(root["resourceARN"], "resourceARN", required: true, minLength: 20, maxLength: 1011)
    }

    func requireTaggable(_ arn: String) async throws {
        guard try await store.record(.arn(arn)) != nil else {
            throw ControlPlaneError.notFound("The specified resource ARN \(arn) was not found.")
        }
    }

    func tagResource(_ req: APIRequest) async throws -> APIResponse {
        let root = try ControlPlaneBody.object(req.body)
        var r = ShapeReader()
        let arn = try await taggedRecord(root, reader: &r)
        let tags = TagShapes.list(root["tags"], "tags", required: true, reader: &r)
        try finish(r)
        guard let arn else { throw ControlPlaneError.validation("resourceARN is required.") }
        try await requireTaggable(arn)
        let existing = try await store.tags(of: arn)
        let merged = Set(existing.map(\.key)).union(tags.map(\.key))
        if merged.count > 50 { throw ControlPlaneError.tooManyTags(resourceName: arn) }
        try await store.updateTags(of: arn, set: tags.map { ResourceTag(key: $0.key, value: $0.value) }, remove: [])
        return .json(status: 200, .object(JSONObject()))
    }

    func untagResource(_ req: APIRequest) async throws -> APIResponse {
        let root = try ControlPlaneBody.object(req.body)
        var r = ShapeReader()
        let arn = try await taggedRecord(root, reader: &r)
        let keys = (r.array(root["tagKeys"], "tagKeys", required: true) ?? []).enumerated().compactMap { i, v in
            r.string(v, "tagKeys.\(i + 1).member", minLength: 1, maxLength: 128, pattern: TagShapes.keyPattern)
        }
        try finish(r)
        guard let arn else { throw ControlPlaneError.validation("resourceARN is required.") }
        try await requireTaggable(arn)
        try await store.updateTags(of: arn, set: [], remove: keys)
        return .json(status: 200, .object(JSONObject()))
    }

    func listTags(_ req: APIRequest) async throws -> APIResponse {
        let root = try ControlPlaneBody.object(req.body)
        var r = ShapeReader()
        let arn = try await taggedRecord(root, reader: &r)
        try finish(r)
        guard let arn else { throw ControlPlaneError.validation("resourceARN is required.") }
        try await requireTaggable(arn)
        let tags = try await store.tags(of: arn)
        return .json(status: 200, ["tags": TagShapes.encodeList(tags.map { ($0.key, $0.value) })])
    }
}
