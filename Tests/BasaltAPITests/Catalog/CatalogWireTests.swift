import Foundation
import Testing
@testable import BasaltAPI

/// Wire rendering, checked against the member lists of the botocore shapes (spec §10.2) and §10.3's example.
@Suite struct CatalogWireTests {
    @Test func foundationModelSummaryHasModeledMembers() throws {
        let model = try #require(Catalog.bedrock.model(id: "anthropic.claude-3-haiku-20240307-v1:0"))
        let json = model.wireSummary(region: "us-east-1")
        let keys = try #require(json.objectValue).keys
        #expect(Set(keys) == ["modelArn", "modelId", "modelName", "providerName", "inputModalities", "outputModalities",
                              "responseStreamingSupported", "customizationsSupported", "inferenceTypesSupported",
                              "modelLifecycle"])
        #expect(json["modelArn"]?.stringValue
                == "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0")
        #expect(json["inputModalities"] == .array([.string("TEXT"), .string("IMAGE")]))
        #expect(json["modelLifecycle"]?["status"]?.stringValue == "ACTIVE")
        #expect(json["modelLifecycle"]?["startOfLifeTime"]?.stringValue == "2024-03-13T00:00:00.000Z")
        let profileOnly = try #require(Catalog.bedrock.model(id: "anthropic.claude-3-7-sonnet-20250219-v1:0"))
        #expect(profileOnly.wireSummary(region: "us-east-1")["inferenceTypesSupported"] == .array([.string("INFERENCE_PROFILE")]))
    }

    @Test func inferenceProfileSummaryMatchesSpecExample() throws {
        let profile = try #require(Catalog.bedrock.systemProfile(id: "us.anthropic.claude-3-5-haiku-20241022-v1:0"))
        let json = profile.wireSummary(region: "us-east-1", account: "123456789012")
        #expect(Set(try #require(json.objectValue).keys) == ["inferenceProfileName", "description", "createdAt",
                "updatedAt", "inferenceProfileArn", "models", "inferenceProfileId", "status", "type"])
        #expect(json["inferenceProfileName"]?.stringValue == "US Anthropic Claude 3.5 Haiku")
        #expect(json["inferenceProfileArn"]?.stringValue
                == "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0")
        #expect(json["models"]?.arrayValue?.first?["modelArn"]?.stringValue
                == "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0")
        #expect(json["createdAt"]?.stringValue == "2024-11-04T00:00:00.000Z")
        #expect(json["status"]?.stringValue == "ACTIVE" && json["type"]?.stringValue == "SYSTEM_DEFINED")
    }
}
