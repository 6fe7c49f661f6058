import BasaltCore
import BasaltWire
import Foundation

extension FoundationModel {
    /// `FoundationModelSummary` (`ListFoundationModels`) — also the `modelDetails` of `GetFoundationModel`, whose
    /// `FoundationModelDetails` has the same members (bedrock 2023-04-20). Timestamps use the `iso8601` convention.
    public func wireSummary(region: String, partition: String = "aws") -> JSONValue {
        var lifecycle: [(String, JSONValue)] = [("status", .string(self.lifecycle.status.rawValue))]
        let dates: [(String, Date?)] = [
            ("startOfLifeTime", self.lifecycle.startOfLifeTime), ("legacyTime", self.lifecycle.legacyTime),
            ("endOfLifeTime", self.lifecycle.endOfLifeTime),
        ]
        for case (let key, let date?) in dates { lifecycle.append((key, .string(ISO8601Timestamp.string(from: date)))) }
        return .object(JSONObject([
            ("modelArn", .string(arn(region: region, partition: partition))),
            ("modelId", .string(id)),
            ("modelName", .string(name)),
            ("providerName", .string(providerName)),
            ("inputModalities", .array(inputModalities.map { .string($0.rawValue) })),
            ("outputModalities", .array(outputModalities.map { .string($0.rawValue) })),
            ("responseStreamingSupported", .bool(responseStreamingSupported)),
            ("customizationsSupported", .array(customizationsSupported.map { .string($0.rawValue) })),
            ("inferenceTypesSupported", .array(inferenceTypesSupported.map { .string($0.rawValue) })),
            ("modelLifecycle", .object(JSONObject(lifecycle))),
        ]))
    }
}

extension InferenceProfile {
    /// `InferenceProfileSummary` (`ListInferenceProfiles`) — the same members as `GetInferenceProfileResponse`
    /// (bedrock 2023-04-20), for a caller in `region` with `account`.
    public func wireSummary(region: String, account: String) -> JSONValue {
        .object(JSONObject([
            ("inferenceProfileName", .string(name)),
            ("description", .string(description)),
            ("createdAt", .string(ISO8601Timestamp.string(from: createdAt))),
            ("updatedAt", .string(ISO8601Timestamp.string(from: updatedAt))),
            ("inferenceProfileArn", .string(arn(region: region, account: account))),
            ("models", .array(memberModelArns.map { .object(JSONObject([("modelArn", .string($0))])) })),
            ("inferenceProfileId", .string(id)),
            ("status", .string(status.rawValue)),
            ("type", .string(type.rawValue)),
        ]))
    }
}
