import BasaltAPI
import BasaltCore
import BasaltStore
import BasaltWire
import Foundation

/// Provisioned throughput (spec §10.1). Capacity is local, so a purchase is `InService` at once; its `modelUnits`
/// bound the concurrent requests the runtime admits through its ARN (see `StoreResolver`).
extension ControlPlane {
    static let provisionedNamePattern = "([0-9a-zA-Z][_-]?)+"

    func createProvisioned(_ req: APIRequest) async throws -> APIResponse {
        let root = try ControlPlaneBody.object(req.body)
        var r = ShapeReader()
        r.onlyKnown(root, "", members: ["clientRequestToken", "modelUnits", "provisionedModelName", "modelId", "commitmentDuration", "tags"])
        let token = r.string(root["clientRequestToken"], "clientRequestToken", minLength: 1, maxLength: 256,
                             pattern: "[a-zA-Z0-9]([-a-zA-Z0-9]{0,254}[a-zA-Z0-9])?")
        let units = r.number(root["modelUnits"], "modelUnits", min: 1, integer: true)
        if root["modelUnits"] == nil { r.violation("modelUnits", value: nil, "Member must not be null") }
        let name = r.string(root["provisionedModelName"], "provisionedModelName", required: true, minLength: 1, maxLength: 63,
                            pattern: Self.provisionedNamePattern)
        let modelId = r.string(root["modelId"], "modelId", required: true, minLength: 1, maxLength: 2048)
        let commitment = r.string(root["commitmentDuration"], "commitmentDuration", enumValues: ["OneMonth", "SixMonths"])
        let tags = TagShapes.list(root["tags"], "tags", reader: &r)
        try finish(r)
        guard let name, let modelId, let units else { throw ControlPlaneError.validation("Missing required members.") }
        if tags.count > 50 { throw ControlPlaneError.tooManyTags(resourceName: name) }
        let (modelArn, foundationArn) = try await provisionableModel(modelId)
        let id = ResourceIdentifiers.shortId()
        let created = now()
        var a = JSONObject([
            ("modelUnits", .number(units)), ("desiredModelUnits", .number(units)), ("modelArn", .string(modelArn)),
            ("desiredModelArn", .string(modelArn)), ("foundationModelArn", .string(foundationArn)),
            ("status", "InService"),
        ])
        if let commitment {
            a["commitmentDuration"] = .string(commitment)
            let days: Double = commitment == "OneMonth" ? 30 : 182
            a["commitmentExpirationTime"] = time(created.addingTimeInterval(days * 86_400))
        }
        let record = ResourceRecord(
            kind: .provisionedModel, id: id, name: name, arn: arn("provisioned-model", id), createdAt: created,
            attributes: .object(a))
        let key = token.map {
            IdempotencyKey(scope: "CreateProvisionedModelThroughput", token: $0, fingerprint: fingerprint(root, dropping: "clientRequestToken"))
        }
        let outcome: InsertOutcome
        do {
            outcome = try await store.insert(record, tags: tags.map { ResourceTag(key: $0.key, value: $0.value) }, idempotency: key)
        } catch let e as StoreError where e.code == .duplicateName {
            throw ControlPlaneError.conflict("A provisioned model with the name \(name) already exists.", service: .bedrock)
        }
        return .json(status: 201, ["provisionedModelArn": .string(outcome.record.arn)])
    }

    /// The model ARN and foundation-model ARN of a `modelId`: a catalog model (ID or ARN) or an imported model ARN.
    func provisionableModel(_ modelId: String) async throws -> (model: String, foundation: String) {
        switch ModelIdentifier(parsing: modelId) {
        case .foundationModel(let id, _):
            guard let model = catalog.model(id: id) else {
                throw ControlPlaneError.notFound("The model \(modelId) was not found.")
            }
            let arn = model.arn(region: region)
            return (arn, arn)
        case .importedModel(let id, let arn):
            guard try await store.record(.id(.importedModel, id)) != nil else {
                throw ControlPlaneError.notFound("The imported model \(modelId) was not found.")
            }
            return (arn.description, arn.description)
        default:
            throw ControlPlaneError.validation("The provided model identifier is invalid.")
        }
    }

    func provisionedRecord(_ identifier: String) async throws -> ResourceRecord {
        let record: ResourceRecord?
        if case .provisionedModel(let id, _) = ModelIdentifier(parsing: identifier) {
            record = try await store.record(.id(.provisionedModel, id))
        } else {
            if let byId = try await store.record(.id(.provisionedModel, identifier)) {
                record = byId
            } else {
                record = try await store.record(.name(.provisionedModel, identifier))
            }
        }
        guard let record else { throw ControlPlaneError.notFound("Provisioned model \(identifier) not found.") }
        return record
    }

    func getProvisioned(_ identifier: String) async throws -> APIResponse {
        .json(status: 200, provisionedSummary(try await provisionedRecord(identifier)))
    }

    func listProvisioned(_ req: APIRequest) async throws -> APIResponse {
        let descending = req.query["sortOrder"] == "Descending"
        let query = ResourceQuery(kind: .provisionedModel, nameContains: req.query["nameContains"], newestFirst: descending)
        let page = try await page(query, req, limit: 1000, defaultSize: 1000)
        let items = page.records.filter { record in
            let a = attributes(record)
            if let s = req.query["statusEquals"], a["status"]?.stringValue != s { return false }
            if let m = req.query["modelArnEquals"], a["modelArn"]?.stringValue != m { return false }
            return true
        }
        return listResponse("provisionedModelSummaries", items.map(provisionedSummary), next: page.nextCursor)
    }

    func updateProvisioned(_ identifier: String, _ req: APIRequest) async throws -> APIResponse {
        let root = try ControlPlaneBody.object(req.body)
        var r = ShapeReader()
        r.onlyKnown(root, "", members: ["desiredProvisionedModelName", "desiredModelId"])
        let name = r.string(root["desiredProvisionedModelName"], "desiredProvisionedModelName", minLength: 1, maxLength: 63,
                            pattern: Self.provisionedNamePattern)
        let modelId = r.string(root["desiredModelId"], "desiredModelId", minLength: 1, maxLength: 2048)
        try finish(r)
        var record = try await provisionedRecord(identifier)
        var a = attributes(record)
        if let modelId {
            let (modelArn, _) = try await provisionableModel(modelId)
            a["modelArn"] = .string(modelArn)
            a["desiredModelArn"] = .string(modelArn)
        }
        if let name { record.name = name }
        record.attributes = .object(a)
        record.updatedAt = now()
        do { try await store.update(record) } catch let e as StoreError where e.code == .duplicateName {
            throw ControlPlaneError.conflict("A provisioned model with the name \(record.name) already exists.", service: .bedrock)
        }
        return .json(status: 200, .object(JSONObject()))
    }

    func deleteProvisioned(_ identifier: String) async throws -> APIResponse {
        let record = try await provisionedRecord(identifier)
        try await store.delete(.provisionedModel, id: record.id)
        return .json(status: 200, .object(JSONObject()))
    }

    /// `GetProvisionedModelThroughputResponse` (a superset of `ProvisionedModelSummary`).
    func provisionedSummary(_ record: ResourceRecord) -> JSONValue {
        let a = attributes(record)
        var o = JSONObject()
        for key in ["modelUnits", "desiredModelUnits"] { o[key] = a[key] }
        o["provisionedModelName"] = .string(record.name)
        o["provisionedModelArn"] = .string(record.arn)
        for key in ["modelArn", "desiredModelArn", "foundationModelArn", "status", "commitmentDuration", "commitmentExpirationTime"] {
            o[key] = a[key]
        }
        o["creationTime"] = time(record.createdAt)
        o["lastModifiedTime"] = time(record.updatedAt)
        return .object(o)
    }
}
