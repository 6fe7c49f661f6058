import BasaltCore
import BasaltWire
import Foundation
import Testing
@testable import BasaltAPI

@Suite struct EmbeddingCodecTests {
    static let native: [Float] = {
        var rng = SplitMix64(seed: 11)
        let v = (0..<384).map { _ in Float(Double(rng.next() % 1000) / 500 - 1) }
        let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / n }
    }()

    func decode(_ family: ModelFamily, _ json: String) throws(AWSError) -> EmbeddingRequest {
        try EmbeddingFamilies.translator(for: family)!.decode(bytes: Array(json.utf8))
    }

    func message(_ family: ModelFamily, _ json: String) -> String? {
        do { _ = try decode(family, json); return nil } catch { return error.code == "ValidationException" ? error.message : "?" }
    }

    func encode(_ r: EmbeddingRequest, _ vectors: [[Float]], tokens: Int = 7) -> JSONValue {
        EmbeddingFamilies.translator(for: r.family)!.encode(r, vectors: vectors, tokenCount: tokens, responseID: "rid-1")
    }

    func floats(_ v: JSONValue?) -> [Float] { v?.arrayValue?.compactMap { $0.doubleValue.map(Float.init) } ?? [] }
    func ints(_ v: JSONValue?) -> [Int] { v?.arrayValue?.compactMap(\.intValue) ?? [] }

    @Test("Titan G1 text: 1536 floats and the token count")
    func titanV1() throws {
        let r = try decode(.titanEmbedTextV1, #"{"inputText": "hello"}"#)
        #expect(r.texts == ["hello"] && r.dimensions == 1536)
        let out = encode(r, [Self.native])
        #expect(Array(out.objectValue!.keys) == ["embedding", "inputTextTokenCount"])
        #expect(floats(out["embedding"]).count == 1536)
        #expect(out["inputTextTokenCount"] == 7)
        #expect(message(.titanEmbedTextV1, #"{"inputText": "a", "dimensions": 256}"#)
            == "Malformed input request: extraneous key [dimensions] is not permitted, please reformat your input and try again.")
        #expect(message(.titanEmbedTextV1, #"{}"#)
            == "Malformed input request: required key [inputText] not found, please reformat your input and try again.")
        #expect(message(.titanEmbedTextV1, #"{"inputText": 3}"#)
            == "Malformed input request: expected type: String, found: Integer, please reformat your input and try again.")
        #expect(message(.titanEmbedTextV1, #"{"inputText": ""}"#)?.contains("expected minLength: 1, actual: 0") == true)
        #expect(message(.titanEmbedTextV1, "not json") == "Malformed input request, please reformat your input and try again.")
        #expect(message(.titanEmbedTextV1, #"{"x": 1, "y": 2}"#)?.contains("3 schema violations found") == true)
    }

    @Test("Titan v2: dimensions, normalize and embeddingTypes", arguments: [256, 512, 1024])
    func titanV2(d: Int) throws {
        let r = try decode(.titanEmbedTextV2, #"{"inputText": "hi", "dimensions": \#(d), "embeddingTypes": ["float", "binary"]}"#)
        #expect(r.dimensions == d && r.normalize && r.embeddingTypes == [.float, .binary])
        let out = encode(r, [Self.native])
        let embedding = floats(out["embedding"])
        #expect(embedding.count == d)
        #expect(abs(embedding.reduce(0) { $0 + $1 * $1 } - 1) < 1e-3)
        #expect(floats(out["embeddingsByType"]?["float"]) == embedding)
        let bits = ints(out["embeddingsByType"]?["binary"])
        #expect(bits.count == d && Set(bits).isSubset(of: [0, 1]))
        #expect(bits == embedding.map { $0 > 0 ? 1 : 0 })
    }

    @Test("Titan v2 defaults and errors")
    func titanV2Defaults() throws {
        let r = try decode(.titanEmbedTextV2, #"{"inputText": "hi"}"#)
        #expect(r.dimensions == 1024 && r.normalize && r.embeddingTypes.isEmpty)
        let out = encode(r, [Self.native])
        #expect(out["embeddingsByType"]?.objectValue?.keys == ["float"])
        #expect(try decode(.titanEmbedTextV2, #"{"inputText": "hi", "normalize": false}"#).normalize == false)
        #expect(message(.titanEmbedTextV2, #"{"inputText": "hi", "dimensions": 100}"#)
            == "Malformed input request: 100 is not a valid enum value, please reformat your input and try again.")
        #expect(message(.titanEmbedTextV2, #"{"inputText": "hi", "embeddingTypes": ["int8"]}"#)?
            .contains("int8 is not a valid enum value") == true)
        let long = String(repeating: "a", count: 50_001)
        #expect(message(.titanEmbedTextV2, #"{"inputText": "\#(long)"}"#)?
            .contains("expected maxLength: 50000, actual: 50001") == true)
    }

    @Test("Titan multimodal: text part, output length, image rejected")
    func titanImage() throws {
        let r = try decode(.titanEmbedImage, #"{"inputText": "a dog", "embeddingConfig": {"outputEmbeddingLength": 384}}"#)
        #expect(r.dimensions == 384)
        #expect(floats(encode(r, [Self.native])["embedding"]).count == 384)
        #expect(try decode(.titanEmbedImage, #"{"inputText": "a dog"}"#).dimensions == 1024)
        #expect(message(.titanEmbedImage, #"{"inputText": "a", "embeddingConfig": {"outputEmbeddingLength": 512}}"#)?
            .contains("512 is not a valid enum value") == true)
        let image = message(.titanEmbedImage, #"{"inputImage": "iVBORw0KGgo="}"#)
        #expect(image?.hasPrefix("Malformed input request: #/inputImage: image input is not supported") == true)
        #expect(message(.titanEmbedImage, #"{}"#)?.contains("required key [inputText] not found") == true)
    }

    @Test("Cohere: float response, 1024 dimensions, texts echoed")
    func cohereFloats() throws {
        let r = try decode(.cohereEmbed, #"{"texts": ["a", "b"], "input_type": "search_query"}"#)
        #expect(r.inputType == .searchQuery && r.truncation == .end && r.dimensions == 1024)
        let other = Self.native.reversed().map { $0 }
        let out = encode(r, [Self.native, other])
        #expect(Array(out.objectValue!.keys) == ["id", "texts", "embeddings", "response_type"])
        #expect(out["id"] == "rid-1" && out["texts"] == ["a", "b"] && out["response_type"] == "embeddings_floats")
        let e = out["embeddings"]?.arrayValue ?? []
        #expect(e.count == 2 && floats(e[0]).count == 1024)
        // The lift keeps the similarity the native vectors had.
        let native = zip(Self.native, other).reduce(0.0) { $0 + Double($1.0 * $1.1) }
        let lifted = zip(floats(e[0]), floats(e[1])).reduce(0.0) { $0 + Double($1.0 * $1.1) }
        #expect(abs(native - lifted) < 1e-4)
    }

    @Test("Cohere: embeddings by type with int8, uint8, binary and ubinary ranges")
    func cohereByType() throws {
        let r = try decode(.cohereEmbed, #"""
            {"texts": ["x"], "input_type": "search_document", "truncate": "START",
             "embedding_types": ["float", "int8", "uint8", "binary", "ubinary"]}
            """#)
        #expect(r.truncation == .start)
        let out = encode(r, [Self.native])
        #expect(out["response_type"] == "embeddings_by_type")
        let by = try #require(out["embeddings"]?.objectValue)
        #expect(by.keys == ["float", "int8", "uint8", "binary", "ubinary"])
        let f = floats(by["float"]?.arrayValue?.first)
        let i8 = ints(by["int8"]?.arrayValue?.first), u8 = ints(by["uint8"]?.arrayValue?.first)
        let b = ints(by["binary"]?.arrayValue?.first), ub = ints(by["ubinary"]?.arrayValue?.first)
        #expect(f.count == 1024 && i8.count == 1024 && u8.count == 1024)
        #expect(i8.allSatisfy { (-128...127).contains($0) } && u8.allSatisfy { (0...255).contains($0) })
        #expect(b.count == 128 && ub.count == 128)
        #expect(zip(b, ub).allSatisfy { $0 == $1 - 128 })
        // First packed byte from the float signs, most significant bit first.
        let firstByte = f.prefix(8).reduce(0) { $0 << 1 | ($1 > 0 ? 1 : 0) }
        #expect(ub[0] == firstByte)
        #expect(zip(f, i8).allSatisfy { ($0 > 0) == ($1 >= 0) || $1 == 0 })
    }

    @Test("Cohere validation")
    func cohereErrors() {
        let many = "[" + Array(repeating: "\"t\"", count: 97).joined(separator: ",") + "]"
        #expect(message(.cohereEmbed, #"{"texts": \#(many), "input_type": "clustering"}"#)
            == "Malformed input request: #/texts: expected maximum item count: 96, found: 97, please reformat your input and try again.")
        #expect(message(.cohereEmbed, #"{"texts": ["a"]}"#)
            == "Malformed input request: #: required key [input_type] not found, please reformat your input and try again.")
        #expect(message(.cohereEmbed, #"{"texts": ["a"], "input_type": "query"}"#)?
            .contains("#/input_type: query is not a valid enum value") == true)
        #expect(message(.cohereEmbed, #"{"texts": ["a"], "input_type": "clustering", "truncate": "MIDDLE"}"#)?
            .contains("MIDDLE is not a valid enum value") == true)
        #expect(message(.cohereEmbed, #"{"texts": ["a"], "input_type": "clustering", "embedding_types": ["f16"]}"#)?
            .contains("#/embedding_types/0: f16 is not a valid enum value") == true)
        #expect(message(.cohereEmbed, #"{"images": ["data:image/png;base64,AA=="], "input_type": "image"}"#)?
            .contains("image input is not supported") == true)
        #expect(message(.cohereEmbed, #"{"input_type": "clustering"}"#)?.contains("required key [texts] not found") == true)
    }

    @Test("registry covers exactly the embedding families")
    func registry() {
        for family in ModelFamily.allCases {
            let isEmbedding = [.titanEmbedTextV1, .titanEmbedTextV2, .titanEmbedImage, .cohereEmbed].contains(family)
            #expect((EmbeddingFamilies.translator(for: family) != nil) == isEmbedding, "\(family)")
            #expect(EmbeddingFamilies.translator(for: family)?.family ?? family == family)
        }
    }
}
