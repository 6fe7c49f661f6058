import BasaltCore
import BasaltWire

/// The `InvokeModel` codec of one embedding body format (§8.10). Pure: decoding validates the body the way
/// Bedrock does (`Malformed input request: …`), encoding shapes the backend's native vectors (lifted to the
/// requested dimension by `EmbeddingLift`) into the provider's response JSON.
public protocol EmbeddingTranslator: Sendable {
    /// The body format this translator speaks.
    var family: ModelFamily { get }

    /// Validates `body` and maps it to an `EmbeddingRequest`.
    func decode(body: JSONValue) throws(AWSError) -> EmbeddingRequest

    /// The provider's response body for `vectors` (native backend vectors, one per `request.texts` entry) and
    /// `tokenCount` input tokens. `responseID` is echoed where the format has an id (Cohere).
    func encode(_ request: EmbeddingRequest, vectors: [[Float]], tokenCount: Int, responseID: String) -> JSONValue
}

extension EmbeddingTranslator {
    /// Parses raw body bytes and decodes them; a body that is not JSON is a malformed request.
    public func decode(bytes: some Collection<UInt8>) throws(AWSError) -> EmbeddingRequest {
        let json: JSONValue
        do { json = try JSONValue.parse(bytes) } catch {
            throw BedrockError.validation("Malformed input request, please reformat your input and try again.")
        }
        return try decode(body: json)
    }
}

/// The registry of embedding codecs, keyed by `ModelFamily` (never by model name).
public enum EmbeddingFamilies {
    /// The translator of an embedding family; nil for every other family.
    public static func translator(for family: ModelFamily) -> (any EmbeddingTranslator)? {
        switch family {
        case .titanEmbedTextV1, .titanEmbedTextV2, .titanEmbedImage: TitanEmbeddingTranslator(family: family)
        case .cohereEmbed: CohereEmbeddingTranslator()
        default: nil
        }
    }

    /// The error for `InvokeModelWithResponseStream` on an embedding model (no streaming variant, §8.10 [U]).
    public static func streamingNotSupported() -> AWSError {
        BedrockError.validation("The model is unsupported for streaming.")
    }
}

/// JSON helpers shared by the embedding encoders.
enum EmbeddingJSON {
    /// A float as the shortest decimal that reads back as the same `Float` (not the widened `Double`).
    static func number(_ f: Float) -> JSONValue {
        guard f.isFinite else { return .number(0) }
        return .number(Double("\(f)") ?? Double(f))
    }

    static func floats(_ v: [Float]) -> JSONValue { .array(v.map(number)) }
    static func ints(_ v: [Int]) -> JSONValue { .array(v.map { .number(Double($0)) }) }
}
