import BasaltAPI
import BasaltCore
import BasaltStore
import BasaltWire
import Foundation

/// The `bedrock` control plane and `bedrock-agent` prompt management over a `ControlPlaneStore`. One entry point
/// (`handle`) for the responder; the operations live in `ControlPlane+*.swift`, one file per resource family.
public struct ControlPlane: Sendable {
    let store: any ControlPlaneStore
    let catalog: Catalog
    let region: String
    let account: String
    /// Where `s3://bucket/key` import URIs are looked up: `{dataDirectory}/s3/bucket/key`.
    let dataDirectory: String
    let now: @Sendable () -> Date

    /// Creates the control plane. `now` is injectable for tests.
    public init(
        store: any ControlPlaneStore, catalog: Catalog = .bedrock, region: String, account: String,
        dataDirectory: String, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.catalog = catalog
        self.region = region
        self.account = account
        self.dataDirectory = dataDirectory
        self.now = now
    }

    /// Answers a control-plane request, or nil when the method and path are not a control-plane operation.
    public func handle(_ req: APIRequest) async throws -> APIResponse? {
        guard let route = ControlRoute(method: req.method, segments: req.segments) else { return nil }
        return try await mapStoreErrors { try await dispatch(route, req) }
    }

    func dispatch(_ route: ControlRoute, _ req: APIRequest) async throws -> APIResponse {
        switch route {
        case .listFoundationModels: return try listFoundationModels(req)
        case .getFoundationModel(let id): return try getFoundationModel(id)
        case .listInferenceProfiles: return try await listInferenceProfiles(req)
        case .getInferenceProfile(let id): return try await getInferenceProfile(id)
        case .createInferenceProfile: return try await createInferenceProfile(req)
        case .deleteInferenceProfile(let id): return try await deleteInferenceProfile(id)
        case .tagResource: return try await tagResource(req)
        case .untagResource: return try await untagResource(req)
        case .listTagsForResource: return try await listTags(req)
        case .createProvisioned: return try await createProvisioned(req)
        case .getProvisioned(let id): return try await getProvisioned(id)
        case .listProvisioned: return try await listProvisioned(req)
        case .updateProvisioned(let id): return try await updateProvisioned(id, req)
        case .deleteProvisioned(let id): return try await deleteProvisioned(id)
        case .createImportJob: return try await createImportJob(req)
        case .getImportJob(let id): return try await getImportJob(id)
        case .listImportJobs: return try await listImportJobs(req)
        case .getImportedModel(let id): return try await getImportedModel(id)
        case .listImportedModels: return try await listImportedModels(req)
        case .deleteImportedModel(let id): return try await deleteImportedModel(id)
        case .listCustomModels: return .json(status: 200, ["modelSummaries": []])
        case .getCustomModel(let id):
            throw ControlPlaneError.notFound("The specified custom model \(id) was not found.")
        case .createPrompt: return try await createPrompt(req)
        case .listPrompts: return try await listPrompts(req)
        case .getPrompt(let id): return try await getPrompt(id, req)
        case .updatePrompt(let id): return try await updatePrompt(id, req)
        case .deletePrompt(let id): return try await deletePrompt(id, req)
        case .createPromptVersion(let id): return try await createPromptVersion(id, req)
        case .agentTagResource(let arn): return try await agentTag(arn, req)
        case .agentUntagResource(let arn): return try await agentUntag(arn, req)
        case .agentListTags(let arn): return try await agentListTags(arn)
        }
    }

    // MARK: - Shared helpers

    /// `arn:aws:bedrock:{region}:{account}:{type}/{id}`.
    func arn(_ type: String, _ id: String) -> String { "arn:aws:bedrock:\(region):\(account):\(type)/\(id)" }

    /// ISO-8601 timestamp member.
    func time(_ date: Date) -> JSONValue { .string(ISO8601Timestamp.string(from: date)) }

    /// The request's canonical parameters without its token, for idempotency fingerprints.
    func fingerprint(_ root: JSONObject, dropping token: String) -> String {
        var copy = root
        copy[token] = nil
        return JSONValue.object(copy).serialized()
    }

    /// Reads, validates and then throws the accumulated violations.
    func finish(_ r: ShapeReader) throws(AWSError) {
        if let message = r.failureMessage { throw ControlPlaneError.validation(message) }
    }

    /// The attributes object of a record.
    func attributes(_ record: ResourceRecord) -> JSONObject { record.attributes.objectValue ?? JSONObject() }

    /// Store failures as Bedrock errors (`ConflictException` for names is raised where the service is known).
    func mapStoreErrors<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let e as StoreError {
            switch e.code {
            case .notFound: throw ControlPlaneError.notFound("The specified resource was not found.")
            case .duplicateName: throw ControlPlaneError.conflict("A resource with the name \(e.detail) already exists.", service: .bedrock)
            case .idempotencyMismatch: throw ControlPlaneError.idempotencyMismatch()
            case .invalidCursor: throw ControlPlaneError.invalidNextToken()
            case .backend: throw BedrockError.internalServer()
            }
        }
    }

    /// A page of store records for `maxResults` / `nextToken`.
    func page(_ query: ResourceQuery, _ req: APIRequest, limit: Int, defaultSize: Int) async throws -> ResourcePage {
        let params = try PageParameters.decode(req.query, limit: limit, defaultSize: defaultSize)
        var q = query
        q.limit = params.maxResults
        q.cursor = params.nextToken
        return try await store.list(q)
    }

    /// `{listKey: [...], nextToken?}`.
    func listResponse(_ key: String, _ items: [JSONValue], next: String?) -> APIResponse {
        var o = JSONObject([(key, .array(items))])
        if let next { o["nextToken"] = .string(next) }
        return .json(status: 200, .object(o))
    }
}
