import BasaltAPI
import BasaltCore
import BasaltStore
import BasaltWire
import Foundation

/// Custom Model Import from local storage (spec §10.1): `s3Uri` may be a local path, a `file://` URI, or an
/// `s3://bucket/key` URI mapped to `{data-dir}/s3/bucket/key`. The location must hold a GGUF file (or be one).
/// Imports finish synchronously; a failed import is a `Failed` job with a `failureMessage` and no model.
extension ControlPlane {
    func createImportJob(_ req: APIRequest) async throws -> APIResponse {
        let root = try ControlPlaneBody.object(req.body)
        var r = ShapeReader()
        r.onlyKnown(root, "", members: [
            "jobName", "importedModelName", "roleArn", "modelDataSource", "jobTags", "importedModelTags",
            "clientRequestToken", "vpcConfig", "importedModelKmsKeyId",
        ])
        let jobName = r.string(root["jobName"], "jobName", required: true, minLength: 1, maxLength: 63,
                               pattern: "[a-zA-Z0-9](-*[a-zA-Z0-9\\+\\-\\.])*")
        let modelName = r.string(root["importedModelName"], "importedModelName", required: true, minLength: 1, maxLength: 63,
                                 pattern: "([0-9a-zA-Z][_-]?)+")
        let roleArn = r.string(root["roleArn"], "roleArn", required: true, maxLength: 2048, pattern: "arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+")
        let source = r.union(root["modelDataSource"], "modelDataSource", members: ["s3DataSource"], required: true)
        let s3 = source.flatMap { r.object($0.1, "modelDataSource.s3DataSource", required: true) }
        let uri = s3.flatMap { r.string($0["s3Uri"], "modelDataSource.s3DataSource.s3Uri", required: true, minLength: 1, maxLength: 1024) }
        let token = r.string(root["clientRequestToken"], "clientRequestToken", minLength: 1, maxLength: 256,
                             pattern: "[a-zA-Z0-9]([-a-zA-Z0-9]{0,254}[a-zA-Z0-9])?")
        let jobTags = TagShapes.list(root["jobTags"], "jobTags", reader: &r)
        let modelTags = TagShapes.list(root["importedModelTags"], "importedModelTags", reader: &r)
        try finish(r)
        guard let jobName, let modelName, let roleArn, let uri, let dataSource = root["modelDataSource"] else {
            throw ControlPlaneError.validation("Missing required members.")
        }
        if try await store.record(.name(.modelImportJob, jobName)) != nil, token == nil {
            throw ControlPlaneError.conflict("A model import job with the name \(jobName) already exists.", service: .bedrock)
        }
        if try await store.record(.name(.importedModel, modelName)) != nil {
            throw ControlPlaneError.conflict("An imported model with the name \(modelName) already exists.", service: .bedrock)
        }
        let created = now()
        let jobId = ResourceIdentifiers.shortId(), modelId = ResourceIdentifiers.shortId()
        var job = JSONObject([
            ("importedModelName", .string(modelName)), ("roleArn", .string(roleArn)), ("modelDataSource", dataSource),
        ])
        switch locateGGUF(uri) {
        case .success(let path):
            let header = try? GGUFHeader.read(path: path)
            var model = JSONObject([
                ("jobName", .string(jobName)), ("jobArn", .string(arn("model-import-job", jobId))),
                ("modelDataSource", dataSource), ("path", .string(path)),
                ("instructSupported", .bool(header?.hasChatTemplate ?? false)),
            ])
            if let architecture = header?.architecture { model["modelArchitecture"] = .string(architecture) }
            let modelRecord = ResourceRecord(
                kind: .importedModel, id: modelId, name: modelName, arn: arn("imported-model", modelId), createdAt: created,
                attributes: .object(model))
            _ = try await store.insert(modelRecord, tags: modelTags.map { ResourceTag(key: $0.key, value: $0.value) }, idempotency: nil)
            job["status"] = "Completed"
            job["importedModelArn"] = .string(modelRecord.arn)
        case .failure(let message):
            job["status"] = "Failed"
            job["failureMessage"] = .string(message.text)
        }
        job["endTime"] = time(created)
        let record = ResourceRecord(
            kind: .modelImportJob, id: jobId, name: jobName, arn: arn("model-import-job", jobId), createdAt: created,
            attributes: .object(job))
        let key = token.map {
            IdempotencyKey(scope: "CreateModelImportJob", token: $0, fingerprint: fingerprint(root, dropping: "clientRequestToken"))
        }
        let outcome = try await store.insert(record, tags: jobTags.map { ResourceTag(key: $0.key, value: $0.value) }, idempotency: key)
        return .json(status: 201, ["jobArn": .string(outcome.record.arn)])
    }

    struct ImportFailure: Error { var text: String }

    /// The GGUF file a data-source URI names.
    func locateGGUF(_ uri: String) -> Result<String, ImportFailure> {
        var path: String
        if uri.hasPrefix("file://") {
            path = String(uri.dropFirst("file://".count))
        } else if uri.hasPrefix("s3://") {
            path = (dataDirectory as NSString).appendingPathComponent("s3/" + uri.dropFirst("s3://".count))
        } else {
            path = uri
        }
        path = (path as NSString).standardizingPath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(ImportFailure(text: "The model data location \(uri) doesn't exist."))
        }
        if isDirectory.boolValue {
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".gguf") }.sorted()
            guard let first = files.first else {
                return .failure(ImportFailure(text: "The model data location \(uri) doesn't contain a .gguf file."))
            }
            path = (path as NSString).appendingPathComponent(first)
        }
        guard (try? GGUFHeader.read(path: path, limit: 24)) != nil else {
            return .failure(ImportFailure(text: "The file \(path) is not a GGUF model."))
        }
        return .success(path)
    }

    func importJobRecord(_ identifier: String) async throws -> ResourceRecord {
        let id = ResourceARN(identifier).flatMap { $0.resourceType == "model-import-job" ? $0.resourceId : nil }
        let key: ResourceKey = id.map { .id(.modelImportJob, $0) } ?? .name(.modelImportJob, identifier)
        let record = try await store.record(key)
        guard let record else { throw ControlPlaneError.notFound("The model import job \(identifier) was not found.") }
        return record
    }

    func getImportJob(_ identifier: String) async throws -> APIResponse {
        let record = try await importJobRecord(identifier)
        var o = JSONObject([("jobArn", .string(record.arn)), ("jobName", .string(record.name))])
        let a = attributes(record)
        for key in ["importedModelName", "importedModelArn", "roleArn", "modelDataSource", "status", "failureMessage"] { o[key] = a[key] }
        o["creationTime"] = time(record.createdAt)
        o["lastModifiedTime"] = time(record.updatedAt)
        o["endTime"] = a["endTime"]
        return .json(status: 200, .object(o))
    }

    func listImportJobs(_ req: APIRequest) async throws -> APIResponse {
        let query = ResourceQuery(kind: .modelImportJob, nameContains: req.query["nameContains"], newestFirst: req.query["sortOrder"] == "Descending")
        let page = try await page(query, req, limit: 1000, defaultSize: 1000)
        let items = page.records.filter { req.query["statusEquals"] == nil || attributes($0)["status"]?.stringValue == req.query["statusEquals"] }
        return listResponse("modelImportJobSummaries", items.map { record in
            let a = attributes(record)
            var o = JSONObject([("jobArn", .string(record.arn)), ("jobName", .string(record.name)), ("status", a["status"] ?? "Failed")])
            o["lastModifiedTime"] = time(record.updatedAt)
            o["creationTime"] = time(record.createdAt)
            o["endTime"] = a["endTime"]
            o["importedModelArn"] = a["importedModelArn"]
            o["importedModelName"] = a["importedModelName"]
            return .object(o)
        }, next: page.nextCursor)
    }

    func importedModelRecord(_ identifier: String) async throws -> ResourceRecord {
        let record: ResourceRecord?
        if case .importedModel(let id, _) = ModelIdentifier(parsing: identifier) {
            record = try await store.record(.id(.importedModel, id))
        } else {
            record = try await store.record(.name(.importedModel, identifier))
        }
        guard let record else { throw ControlPlaneError.notFound("The imported model \(identifier) was not found.") }
        return record
    }

    func importedModelDocument(_ record: ResourceRecord, summary: Bool) -> JSONValue {
        let a = attributes(record)
        var o = JSONObject([("modelArn", .string(record.arn)), ("modelName", .string(record.name))])
        if !summary {
            for key in ["jobName", "jobArn", "modelDataSource"] { o[key] = a[key] }
        }
        o["creationTime"] = time(record.createdAt)
        o["instructSupported"] = a["instructSupported"]
        o["modelArchitecture"] = a["modelArchitecture"]
        return .object(o)
    }

    func getImportedModel(_ identifier: String) async throws -> APIResponse {
        .json(status: 200, importedModelDocument(try await importedModelRecord(identifier), summary: false))
    }

    func listImportedModels(_ req: APIRequest) async throws -> APIResponse {
        let query = ResourceQuery(kind: .importedModel, nameContains: req.query["nameContains"], newestFirst: req.query["sortOrder"] == "Descending")
        let page = try await page(query, req, limit: 1000, defaultSize: 1000)
        return listResponse("modelSummaries", page.records.map { importedModelDocument($0, summary: true) }, next: page.nextCursor)
    }

    func deleteImportedModel(_ identifier: String) async throws -> APIResponse {
        let record = try await importedModelRecord(identifier)
        try await store.delete(.importedModel, id: record.id)
        return .json(status: 200, .object(JSONObject()))
    }
}
