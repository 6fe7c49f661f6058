import Foundation
import Yams

/// The YAML serving configuration (`--config`): which backend serves which model id.
///
/// ```yaml
/// defaultTextModel: /models/Llama-3.2-1B-Instruct-Q4_K_M.gguf   # serves every text model id
/// textModels:                                                    # per-id overrides
///   meta.llama3-8b-instruct-v1:0: /models/Meta-Llama-3-8B-Instruct.Q4_K_M.gguf
/// ```
public struct ServingConfiguration: Sendable, Decodable {
    public var defaultTextModel: String?
    public var textModels: [String: String]

    public init(defaultTextModel: String? = nil, textModels: [String: String] = [:]) {
        self.defaultTextModel = defaultTextModel
        self.textModels = textModels
    }

    enum CodingKeys: String, CodingKey { case defaultTextModel, textModels }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        defaultTextModel = try c.decodeIfPresent(String.self, forKey: .defaultTextModel)
        textModels = try c.decodeIfPresent([String: String].self, forKey: .textModels) ?? [:]
    }

    public static func load(path: String) throws -> ServingConfiguration {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try YAMLDecoder().decode(ServingConfiguration.self, from: text)
    }
}
