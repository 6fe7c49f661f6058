import BasaltCore
import BasaltWire

/// Cohere Embed v3 English / Multilingual bodies (§8.10): `{"texts": [≤ 96], "input_type":
/// search_document|search_query|classification|clustering, "truncate": NONE|START|END (END),
/// "embedding_types": [float|int8|uint8|binary|ubinary]}` → `{"id", "texts", "embeddings", "response_type"}`
/// with `embeddings` a list of 1024-d float vectors (`embeddings_floats`) or, when `embedding_types` is given,
/// an object keyed by type (`embeddings_by_type`). Image input (`images`, `input_type: image`) is rejected
/// because the local backend has no vision encoder.
public struct CohereEmbeddingTranslator: EmbeddingTranslator {
    public var family: ModelFamily { .cohereEmbed }
    /// Output dimension of Embed v3.
    public static let dimension = 1024
    /// Most texts per request.
    public static let maxTexts = 96

    public init() {}

    public func decode(body: JSONValue) throws(AWSError) -> EmbeddingRequest {
        var s = SchemaReader()
        guard case .object(let o) = body else {
            throw BedrockError.malformedInput("#: expected type: JSONObject, found: \(SchemaReader.javaType(body))")
        }
        s.keys(o, "#", required: ["input_type"],
               allowed: ["texts", "images", "input_type", "truncate", "embedding_types"])
        let inputTypes = EmbeddingRequest.InputType.allCases.map(\.rawValue) + ["image"]
        let inputType = s.string(o["input_type"], "#/input_type", oneOf: inputTypes)
        if o["images"] != nil || inputType == "image" {
            try s.check(style: .summary)
            throw BedrockError.validation(
                "Malformed input request: #/images: image input is not supported by this model deployment (its"
                    + " local backend has no vision encoder), please reformat your input and try again.")
        }
        if o["texts"] == nil { s.fail("#", "required key [texts] not found") }
        var texts: [String] = []
        if let list = s.array(o["texts"], "#/texts", minItems: 1, maxItems: Self.maxTexts) {
            for (i, t) in list.enumerated() { texts.append(s.string(t, "#/texts/\(i)") ?? "") }
        }
        let truncate = s.string(o["truncate"], "#/truncate", oneOf: EmbeddingRequest.Truncation.allCases.map(\.rawValue))
        var types: [EmbeddingRequest.EmbeddingType] = []
        if let list = s.array(o["embedding_types"], "#/embedding_types", minItems: 1) {
            for (i, t) in list.enumerated() {
                if let name = s.string(t, "#/embedding_types/\(i)", oneOf: EmbeddingRequest.EmbeddingType.allCases.map(\.rawValue)),
                   let type = EmbeddingRequest.EmbeddingType(rawValue: name), !types.contains(type) {
                    types.append(type)
                }
            }
        }
        try s.check(style: .summary)
        return EmbeddingRequest(
            family: family, texts: texts, dimensions: Self.dimension, normalize: true, embeddingTypes: types,
            truncation: truncate.flatMap(EmbeddingRequest.Truncation.init(rawValue:)) ?? .end,
            inputType: inputType.flatMap(EmbeddingRequest.InputType.init(rawValue:)),
            diagnostics: ["input_type is accepted but the local encoder embeds every input type the same way"])
    }

    public func encode(_ request: EmbeddingRequest, vectors: [[Float]], tokenCount: Int, responseID: String)
        -> JSONValue
    {
        let lifted = vectors.map { v in
            v.isEmpty ? [Float](repeating: 0, count: request.dimensions)
                : EmbeddingLift.shared(from: v.count, to: request.dimensions).apply(v)
        }
        var out = JSONObject()
        out["id"] = .string(responseID)
        out["texts"] = .array(request.texts.map { .string($0) })
        if request.embeddingTypes.isEmpty {
            out["embeddings"] = .array(lifted.map(EmbeddingJSON.floats))
            out["response_type"] = "embeddings_floats"
        } else {
            var byType = JSONObject()
            for type in request.embeddingTypes {
                byType[type.rawValue] = .array(lifted.map { v in
                    switch type {
                    case .float: EmbeddingJSON.floats(v)
                    case .int8: EmbeddingJSON.ints(EmbeddingQuantizer.int8(v))
                    case .uint8: EmbeddingJSON.ints(EmbeddingQuantizer.uint8(v))
                    case .binary: EmbeddingJSON.ints(EmbeddingQuantizer.binary(v))
                    case .ubinary: EmbeddingJSON.ints(EmbeddingQuantizer.ubinary(v))
                    }
                })
            }
            out["embeddings"] = .object(byType)
            out["response_type"] = "embeddings_by_type"
        }
        return .object(out)
    }
}
