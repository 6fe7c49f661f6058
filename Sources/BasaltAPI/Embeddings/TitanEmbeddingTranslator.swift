import BasaltCore
import BasaltWire

/// Amazon Titan embedding bodies (§8.10):
/// * Titan Embeddings G1 – Text (`titan-embed-text-v1`): `{"inputText"}` → `{"embedding": [1536], "inputTextTokenCount"}`.
/// * Titan Text Embeddings V2 (`titan-embed-text-v2`): `{"inputText", "dimensions": 256|512|1024 (1024),
///   "normalize": true, "embeddingTypes": ["float", "binary"]}` → `{"embedding", "inputTextTokenCount",
///   "embeddingsByType": {"float": [...], "binary": [0|1 ...]}}`.
/// * Titan Multimodal Embeddings G1 (`titan-embed-image`), text part: `{"inputText", "embeddingConfig":
///   {"outputEmbeddingLength": 256|384|1024 (1024)}}` → `{"embedding", "inputTextTokenCount"}`; `inputImage` is
///   rejected because the local backend has no vision encoder.
///
/// Vectors come from the backend's native space through `EmbeddingLift` (an isometry for 512/1024/1536 and 384,
/// a projection re-normalised when `normalize` is true for 256). Titan accepts up to 8,192 tokens; the local encoder takes fewer, so longer texts are cut at the end
/// (recorded in `diagnostics`).
public struct TitanEmbeddingTranslator: EmbeddingTranslator {
    public let family: ModelFamily

    /// Largest `inputText` Titan v2 accepts, in characters.
    public static let maxCharacters = 50_000

    public init(family: ModelFamily) {
        precondition([.titanEmbedTextV1, .titanEmbedTextV2, .titanEmbedImage].contains(family))
        self.family = family
    }

    public func decode(body: JSONValue) throws(AWSError) -> EmbeddingRequest {
        var s = SchemaReader()
        guard case .object(let o) = body else {
            throw BedrockError.malformedInput("expected type: JSONObject, found: \(SchemaReader.javaType(body))")
        }
        var request = EmbeddingRequest(family: family, texts: [], dimensions: 1536)
        request.diagnostics.append("texts longer than the local encoder's limit are truncated at the end")
        switch family {
        case .titanEmbedTextV1:
            s.keys(o, "#", required: ["inputText"], allowed: ["inputText"])
        case .titanEmbedTextV2:
            s.keys(o, "#", required: ["inputText"], allowed: ["inputText", "dimensions", "normalize", "embeddingTypes"])
            request.dimensions = 1024
            if let d = s.integer(o["dimensions"], "#/dimensions") {
                if [256, 512, 1024].contains(d) { request.dimensions = d } else {
                    s.fail("#/dimensions", "\(d) is not a valid enum value")
                }
            }
            request.normalize = s.bool(o["normalize"], "#/normalize") ?? true
            if !request.normalize {
                request.diagnostics.append(
                    "normalize=false: the local encoder's vectors are unit length (the lift keeps them so for 512/1024)")
            }
            if let types = s.array(o["embeddingTypes"], "#/embeddingTypes", minItems: 1, maxItems: 2) {
                for (i, t) in types.enumerated() {
                    if let name = s.string(t, "#/embeddingTypes/\(i)", oneOf: ["float", "binary"]),
                       let type = EmbeddingRequest.EmbeddingType(rawValue: name), !request.embeddingTypes.contains(type) {
                        request.embeddingTypes.append(type)
                    }
                }
            }
        default:
            s.keys(o, "#", required: [], allowed: ["inputText", "inputImage", "embeddingConfig"])
            request.dimensions = 1024
            if let c = s.object(o["embeddingConfig"], "#/embeddingConfig") {
                s.keys(c, "#/embeddingConfig", required: [], allowed: ["outputEmbeddingLength"])
                if let d = s.integer(c["outputEmbeddingLength"], "#/embeddingConfig/outputEmbeddingLength") {
                    if [256, 384, 1024].contains(d) { request.dimensions = d } else {
                        s.fail("#/embeddingConfig/outputEmbeddingLength", "\(d) is not a valid enum value")
                    }
                }
            }
            if o["inputImage"] != nil {
                _ = s.string(o["inputImage"], "#/inputImage")
                try s.check(style: .bare)
                throw BedrockError.validation(
                    "Malformed input request: #/inputImage: image input is not supported by this model deployment"
                        + " (its local backend has no vision encoder), please reformat your input and try again.")
            }
            if o["inputText"] == nil { s.fail("#", "required key [inputText] not found") }
        }
        let text = s.string(o["inputText"], "#/inputText", minLength: 1, maxLength: Self.maxCharacters)
        try s.check(style: .bare)
        request.texts = [text ?? ""]
        return request
    }

    public func encode(_ request: EmbeddingRequest, vectors: [[Float]], tokenCount: Int, responseID: String)
        -> JSONValue
    {
        let native = vectors.first ?? []
        let lift = EmbeddingLift.shared(from: max(1, native.count), to: request.dimensions)
        let vector = native.isEmpty ? [Float](repeating: 0, count: request.dimensions)
            : lift.apply(native, normalize: request.normalize && !lift.isIsometry)
        var out = JSONObject()
        out["embedding"] = EmbeddingJSON.floats(vector)
        out["inputTextTokenCount"] = .number(Double(tokenCount))
        if family == .titanEmbedTextV2 {
            var byType = JSONObject()
            for type in request.embeddingTypes.isEmpty ? [.float] : request.embeddingTypes {
                byType[type.rawValue] = type == .binary
                    ? EmbeddingJSON.ints(EmbeddingQuantizer.bits(vector)) : EmbeddingJSON.floats(vector)
            }
            out["embeddingsByType"] = .object(byType)
        }
        return .object(out)
    }
}
