import BasaltAPI
import BasaltCore
import BasaltServer
import BasaltStore
import BasaltStoreSQLite
import BasaltWire
import Foundation
import Testing

/// The control plane in-process over a real SQLite store: wire shapes, status codes, errors, restart.
@Suite struct ControlPlaneTests {
    let dir = SQLiteStoreTests.freshDirectory()

    func plane() throws -> ControlPlane {
        ControlPlane(store: try SQLiteStore(directory: dir), region: "us-east-1", account: "123456789012", dataDirectory: dir)
    }

    func call(_ plane: ControlPlane, _ method: String, _ path: String, query: [String: String] = [:], body: JSONValue? = nil)
        async throws -> (Int, JSONValue)
    {
        let segments = try PathSegments.split(path)
        let req = APIRequest.make(
            method: method, segments: segments, query: query, headers: [:], body: body?.serializedBytes ?? [], requestId: "t")
        do {
            guard case .json(let status, let json, _)? = try await plane.handle(req) else {
                Issue.record("no route for \(method) \(path)")
                return (0, .null)
            }
            return (status, json)
        } catch let e as AWSError {
            return (e.status, ["__type": .string(e.code), "message": .string(e.message)])
        }
    }

    @Test func applicationProfileLifecycleAndRestart() async throws {
        let p = try plane()
        let fm = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
        let body: JSONValue = [
            "inferenceProfileName": "claude-3-haiku-profile", "modelSource": ["copyFrom": .string(fm)],
            "tags": [["key": "bedrock-inference-profile", "value": "app-1"]], "clientRequestToken": "tok-1",
        ]
        let (status, created) = try await call(p, "POST", "/inference-profiles", body: body)
        #expect(status == 201)
        let arn = try #require(created["inferenceProfileArn"]?.stringValue)
        #expect(arn.range(of: #"^arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/[a-z0-9]{12}$"#, options: .regularExpression) != nil)
        // Idempotent replay answers the same ARN; same name without token is a 400 ConflictException.
        #expect(try await call(p, "POST", "/inference-profiles", body: body).1["inferenceProfileArn"]?.stringValue == arn)
        var other = body.objectValue!
        other["clientRequestToken"] = nil
        let (conflictStatus, conflict) = try await call(p, "POST", "/inference-profiles", body: .object(other))
        #expect(conflictStatus == 400)
        #expect(conflict["__type"] == "ConflictException")

        let (_, got) = try await call(p, "GET", "/inference-profiles/" + PathSegments.percentEncode(arn))
        #expect(got["type"] == "APPLICATION")
        #expect(got["models"] == [["modelArn": .string(fm)]])
        let (_, apps) = try await call(p, "GET", "/inference-profiles", query: ["type": "APPLICATION"])
        #expect(apps["inferenceProfileSummaries"]?.arrayValue?.count == 1)
        let (_, tags) = try await call(p, "POST", "/listTagsForResource", body: ["resourceARN": .string(arn)])
        #expect(tags == ["tags": [["key": "bedrock-inference-profile", "value": "app-1"]]])

        // Survives reopening the store.
        let reopened = try plane()
        #expect(try await call(reopened, "GET", "/inference-profiles/" + PathSegments.percentEncode(arn)).0 == 200)
        #expect(try await call(reopened, "DELETE", "/inference-profiles/" + PathSegments.percentEncode(arn)).0 == 200)
        #expect(try await call(reopened, "GET", "/inference-profiles/" + PathSegments.percentEncode(arn)).0 == 404)
    }

    @Test func systemProfilesPaginateWithTypeQuery() async throws {
        let p = try plane()
        let all = Catalog.bedrock.systemProfiles(visibleFrom: "us-east-1").map(\.id)
        var seen: [String] = []
        var token: String?
        repeat {
            var q = ["type": "SYSTEM_DEFINED", "maxResults": "7"]
            q["nextToken"] = token
            let (status, page) = try await call(p, "GET", "/inference-profiles", query: q)
            #expect(status == 200)
            seen += (page["inferenceProfileSummaries"]?.arrayValue ?? []).compactMap { $0["inferenceProfileId"]?.stringValue }
            token = page["nextToken"]?.stringValue
        } while token != nil && seen.count <= all.count
        #expect(seen == all)
        let (bad, _) = try await call(p, "GET", "/inference-profiles", query: ["type": "OTHER"])
        #expect(bad == 400)
    }

    @Test func promptLifecycleWithTrailingSlashes() async throws {
        let p = try plane()
        let variant: JSONValue = [
            "name": "v1", "templateType": "TEXT", "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
            "templateConfiguration": ["text": ["text": "Translate {{message}} into {{language}}."]],
        ]
        let (status, created) = try await call(p, "POST", "/prompts/", body: ["name": "translate", "variants": [variant], "defaultVariant": "v1"])
        #expect(status == 201)
        #expect(created["version"] == "DRAFT")
        let id = try #require(created["id"]?.stringValue)
        #expect(id.count == 10)
        let (vStatus, v1) = try await call(p, "POST", "/prompts/\(id)/versions", body: ["description": "first"])
        #expect(vStatus == 201)
        #expect(v1["version"] == "1")
        #expect(v1["arn"]?.stringValue == (created["arn"]?.stringValue ?? "") + ":1")
        let (_, getV1) = try await call(p, "GET", "/prompts/\(id)/", query: ["promptVersion": "1"])
        #expect(getV1["variants"] == [variant])
        let (_, list) = try await call(p, "GET", "/prompts/")
        #expect(list["promptSummaries"]?.arrayValue?.count == 1)
        let (_, versions) = try await call(p, "GET", "/prompts/", query: ["promptIdentifier": .init(id)])
        #expect(versions["promptSummaries"]?.arrayValue?.map { $0["version"] } == ["1"])
        // Duplicate names: ConflictException 409 in bedrock-agent.
        let (dup, dupError) = try await call(p, "POST", "/prompts/", body: ["name": "translate"])
        #expect(dup == 409)
        #expect(dupError["__type"] == "ConflictException")
        #expect(try await call(p, "DELETE", "/prompts/\(id)/", query: ["promptVersion": "1"]).1 == ["id": .string(id), "version": "1"])
        #expect(try await call(p, "GET", "/prompts/\(id)/", query: ["promptVersion": "1"]).0 == 404)
        #expect(try await call(p, "DELETE", "/prompts/\(id)/").0 == 200)
        #expect(try await call(p, "GET", "/prompts/\(id)/").0 == 404)
    }

    @Test func storeResolverFollowsProfilesPromptsAndProvisioned() async throws {
        let store = try SQLiteStore(directory: dir)
        let p = ControlPlane(store: store, region: "us-east-1", account: "123456789012", dataDirectory: dir)
        let resolver = StoreResolver(store: store)
        let profileArn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0"
        let (_, created) = try await call(p, "POST", "/inference-profiles", body: [
            "inferenceProfileName": "p", "modelSource": ["copyFrom": .string(profileArn)],
        ])
        let appArn = try #require(created["inferenceProfileArn"]?.stringValue)
        #expect(try await resolver.resolve(ModelIdentifier(parsing: appArn))
            == .alias(modelId: "us.anthropic.claude-3-5-sonnet-20241022-v2:0", usageArn: appArn))
        let (pt, prov) = try await call(p, "POST", "/provisioned-model-throughput", body: [
            "modelUnits": 2, "provisionedModelName": "pt1", "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
        ])
        #expect(pt == 201)
        let provArn = try #require(prov["provisionedModelArn"]?.stringValue)
        #expect(try await resolver.resolve(ModelIdentifier(parsing: provArn))
            == .provisioned(modelId: "anthropic.claude-3-haiku-20240307-v1:0", arn: provArn, modelUnits: 2))
        let missing = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/zzzzzzzzzzzz"
        await #expect(throws: AWSError.self) { _ = try await resolver.resolve(ModelIdentifier(parsing: missing)) }
    }

    @Test func importFromLocalGGUF() async throws {
        let model = (ProcessInfo.processInfo.environment["BASALT_CACHE"] ?? "/root/.cache/basalt")
            + "/models/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
        guard FileManager.default.fileExists(atPath: model) else { return }
        let p = try plane()
        let (status, job) = try await call(p, "POST", "/model-import-jobs", body: [
            "jobName": "job-1", "importedModelName": "smol", "roleArn": "arn:aws:iam::123456789012:role/r",
            "modelDataSource": ["s3DataSource": ["s3Uri": .string("file://" + model)]],
        ])
        #expect(status == 201)
        let (_, got) = try await call(p, "GET", "/model-import-jobs/" + PathSegments.percentEncode(job["jobArn"]?.stringValue ?? ""))
        #expect(got["status"] == "Completed")
        let (_, imported) = try await call(p, "GET", "/imported-models/smol")
        #expect(imported["modelArchitecture"] == "llama")
        #expect(imported["instructSupported"] == true)
        let (_, failed) = try await call(p, "POST", "/model-import-jobs", body: [
            "jobName": "job-2", "importedModelName": "nothing", "roleArn": "arn:aws:iam::123456789012:role/r",
            "modelDataSource": ["s3DataSource": ["s3Uri": "s3://no-bucket/none"]],
        ])
        let (_, failedJob) = try await call(p, "GET", "/model-import-jobs/job-2")
        #expect(failed["jobArn"] != nil)
        #expect(failedJob["status"] == "Failed")
    }
}
