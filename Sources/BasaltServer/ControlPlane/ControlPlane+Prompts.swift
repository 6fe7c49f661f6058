import BasaltAPI
import BasaltCore
import BasaltStore
import BasaltWire
import Foundation

/// `bedrock-agent` prompt management (spec §11): DRAFTs are `.prompt` records, versions `.promptVersion` records
/// whose id is `{promptId}:{n}`. Errors use the agent's status codes (Conflict 409, ServiceQuota 402).
extension ControlPlane {
    func createPrompt(_ req: APIRequest) async throws -> APIResponse {
        let definition = try PromptDefinition.decode(body: req.body, isUpdate: false)
        let id = ResourceIdentifiers.promptId()
        var attributes = definition.attributes
        attributes["version"] = "DRAFT"
        let record = ResourceRecord(
            kind: .prompt, id: id, name: definition.name, arn: arn("prompt", id), createdAt: now(),
            attributes: .object(attributes))
        let root = try ControlPlaneBody.object(req.body)
        let key = definition.clientToken.map {
            IdempotencyKey(scope: "CreatePrompt", token: $0, fingerprint: fingerprint(root, dropping: "clientToken"))
        }
        let outcome: InsertOutcome
        do {
            outcome = try await store.insert(
                record, tags: definition.tags.map { ResourceTag(key: $0.key, value: $0.value) }, idempotency: key)
        } catch let e as StoreError where e.code == .duplicateName {
            throw ControlPlaneError.conflict("A prompt with the name \(definition.name) already exists.", service: .agent)
        }
        return .json(status: 201, promptDocument(outcome.record))
    }

    func getPrompt(_ identifier: String, _ req: APIRequest) async throws -> APIResponse {
        let (id, arnVersion) = try promptId(identifier)
        var version = arnVersion
        if let v = req.query["promptVersion"], v != "DRAFT" {
            guard let n = Int(v), n > 0, v.count <= 5 else {
                throw ControlPlaneError.validation(
                    "1 validation error detected: Value '\(v)' at 'promptVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: (DRAFT|[0-9]{0,4}[1-9][0-9]{0,4})")
            }
            version = n
        }
        return .json(status: 200, promptDocument(try await promptRecord(id, version: version)))
    }

    func listPrompts(_ req: APIRequest) async throws -> APIResponse {
        var query = ResourceQuery(kind: .prompt)
        if let identifier = req.query["promptIdentifier"] {
            let (id, _) = try promptId(identifier)
            _ = try await promptRecord(id, version: nil)
            query = ResourceQuery(kind: .promptVersion, parentId: id)
        }
        let page = try await page(query, req, limit: 1000, defaultSize: 10)
        return listResponse("promptSummaries", page.records.map(promptSummary), next: page.nextCursor)
    }

    func updatePrompt(_ identifier: String, _ req: APIRequest) async throws -> APIResponse {
        let (id, version) = try promptId(identifier)
        if version != nil { throw ControlPlaneError.validation("Only the DRAFT version of a prompt can be updated.") }
        let definition = try PromptDefinition.decode(body: req.body, isUpdate: true)
        var record = try await promptRecord(id, version: nil)
        var attributes = definition.attributes
        attributes["version"] = "DRAFT"
        record.name = definition.name
        record.attributes = .object(attributes)
        record.updatedAt = now()
        do {
            record = try await store.update(record)
        } catch let e as StoreError where e.code == .duplicateName {
            throw ControlPlaneError.conflict("A prompt with the name \(definition.name) already exists.", service: .agent)
        }
        return .json(status: 200, promptDocument(record))
    }

    func deletePrompt(_ identifier: String, _ req: APIRequest) async throws -> APIResponse {
        let (id, arnVersion) = try promptId(identifier)
        var version = arnVersion
        if let v = req.query["promptVersion"] {
            guard let n = Int(v), n > 0 else {
                throw ControlPlaneError.validation(
                    "1 validation error detected: Value '\(v)' at 'promptVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9]{1,5}")
            }
            version = n
        }
        if let version {
            let deleted = try await store.delete(.promptVersion, id: "\(id):\(version)")
            if deleted.isEmpty { throw notFound(id, version) }
            return .json(status: 200, ["id": .string(id), "version": .string("\(version)")])
        }
        if try await store.delete(.prompt, id: id).isEmpty { throw notFound(id, nil) }
        return .json(status: 200, ["id": .string(id)])
    }

    func createPromptVersion(_ identifier: String, _ req: APIRequest) async throws -> APIResponse {
        let (id, _) = try promptId(identifier)
        let root = try ControlPlaneBody.object(req.body)
        var r = ShapeReader()
        r.onlyKnown(root, "", members: ["description", "clientToken", "tags"])
        let description = r.string(root["description"], "description", minLength: 1, maxLength: 200)
        let token = r.string(root["clientToken"], "clientToken", minLength: 33, maxLength: 256, pattern: "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,256}")
        let tags = TagShapes.map(root["tags"], "tags", reader: &r)
        try finish(r)
        let draft = try await promptRecord(id, version: nil)
        let created = now()
        let key = token.map {
            IdempotencyKey(scope: "CreatePromptVersion:\(id)", token: $0, fingerprint: fingerprint(root, dropping: "clientToken"))
        }
        let outcome = try await store.insertVersion(
            of: .prompt, parentId: id, tags: tags.map { ResourceTag(key: $0.key, value: $0.value) }, idempotency: key
        ) { n in
            var attributes = draft.attributes.objectValue ?? JSONObject()
            attributes["version"] = .string("\(n)")
            if let description { attributes["description"] = .string(description) }
            return ResourceRecord(
                kind: .promptVersion, id: "\(id):\(n)", parentId: id, name: draft.name, arn: "\(draft.arn):\(n)",
                createdAt: created, attributes: .object(attributes))
        }
        return .json(status: 201, promptDocument(outcome.record))
    }

    // MARK: - bedrock-agent tags ({k: v} map, ARN in the path)

    func agentTag(_ arn: String, _ req: APIRequest) async throws -> APIResponse {
        let root = try ControlPlaneBody.object(req.body)
        var r = ShapeReader()
        let tags = TagShapes.map(root["tags"], "tags", required: true, reader: &r)
        try finish(r)
        try await requireTaggable(arn)
        try await store.updateTags(of: arn, set: tags.map { ResourceTag(key: $0.key, value: $0.value) }, remove: [])
        return .json(status: 200, .object(JSONObject()))
    }

    func agentUntag(_ arn: String, _ req: APIRequest) async throws -> APIResponse {
        // `tagKeys` is a repeated query member; `APIRequest.query` keeps one value per name, comma lists are split.
        let keys = (req.query["tagKeys"] ?? "").split(separator: ",").map(String.init)
        try await requireTaggable(arn)
        try await store.updateTags(of: arn, set: [], remove: keys)
        return .json(status: 200, .object(JSONObject()))
    }

    func agentListTags(_ arn: String) async throws -> APIResponse {
        try await requireTaggable(arn)
        let tags = try await store.tags(of: arn)
        return .json(status: 200, ["tags": TagShapes.encodeMap(tags.map { ($0.key, $0.value) })])
    }

    // MARK: - Helpers

    /// A `promptIdentifier`: 10-character id or prompt ARN (optionally `:version`).
    func promptId(_ identifier: String) throws(AWSError) -> (id: String, version: Int?) {
        if case .prompt(let id, let version, _) = ModelIdentifier(parsing: identifier) { return (id, version) }
        guard identifier.utf8.count == 10, identifier.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw ControlPlaneError.validation(
                "1 validation error detected: Value '\(identifier)' at 'promptIdentifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ([0-9a-zA-Z]{10})|(arn:aws:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:prompt/[0-9a-zA-Z]{10})(?::[0-9]{1,5})?")
        }
        return (identifier, nil)
    }

    /// The DRAFT (`version == nil`) or a numbered version.
    func promptRecord(_ id: String, version: Int?) async throws -> ResourceRecord {
        let key: ResourceKey = version.map { .id(.promptVersion, "\(id):\($0)") } ?? .id(.prompt, id)
        guard let record = try await store.record(key) else { throw notFound(id, version) }
        return record
    }

    func notFound(_ id: String, _ version: Int?) -> AWSError {
        ControlPlaneError.notFound(
            version.map { "Version \($0) of prompt \(id) doesn't exist." } ?? "Prompt \(id) doesn't exist.")
    }

    /// `GetPromptResponse` / `CreatePromptResponse` / `UpdatePromptResponse` / `CreatePromptVersionResponse`.
    func promptDocument(_ record: ResourceRecord) -> JSONValue {
        let a = attributes(record)
        var o = JSONObject([("name", .string(record.name))])
        for key in ["description", "customerEncryptionKeyArn", "defaultVariant", "variants"] { o[key] = a[key] }
        o["id"] = .string(record.parentId ?? record.id)
        o["arn"] = .string(record.arn)
        o["version"] = a["version"] ?? "DRAFT"
        o["createdAt"] = time(record.createdAt)
        o["updatedAt"] = time(record.updatedAt)
        return .object(o)
    }

    /// `PromptSummary`.
    func promptSummary(_ record: ResourceRecord) -> JSONValue {
        let a = attributes(record)
        var o = JSONObject([("name", .string(record.name))])
        o["description"] = a["description"]
        o["id"] = .string(record.parentId ?? record.id)
        o["arn"] = .string(record.arn)
        o["version"] = a["version"] ?? "DRAFT"
        o["createdAt"] = time(record.createdAt)
        o["updatedAt"] = time(record.updatedAt)
        return .object(o)
    }
}
