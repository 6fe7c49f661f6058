import Foundation
import Testing
@testable import BasaltEngine

/// The safetensors reader on files built byte by byte here (layout from the format's specification).
@Suite struct SafetensorsFileTests {
    static func write(header: String, data: [UInt8]) throws -> String {
        let path = EngineFixtures.temporaryPath("st-\(UUID().uuidString).safetensors")
        var bytes: [UInt8] = []
        let h = Array(header.utf8)
        withUnsafeBytes(of: UInt64(h.count).littleEndian) { bytes += $0 }
        bytes += h + data
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("F32, F16 and BF16 tensors read as floats")
    func readsTypes() throws {
        var data: [UInt8] = []
        for f: Float in [1.5, -2, 0.25, 3] { withUnsafeBytes(of: f.bitPattern.littleEndian) { data += $0 } }
        data += [0x00, 0x3E, 0x00, 0xC0]  // F16 1.5, -2.0
        data += [0xC0, 0x3F, 0x80, 0xC0]  // BF16 1.5, -4.0
        let header = """
            {"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},\
            "h":{"dtype":"F16","shape":[2],"data_offsets":[16,20]},\
            "b":{"dtype":"BF16","shape":[2],"data_offsets":[20,24]},"__metadata__":{"format":"pt"}}
            """
        let path = try Self.write(header: header, data: data)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try SafetensorsFile(path: path)
        #expect(file.tensors.map(\.name) == ["a", "b", "h"])
        #expect(file.metadata == ["format": "pt"])
        #expect(try file.floats("a", shape: [2, 2]) == [1.5, -2, 0.25, 3])
        #expect(try file.floats("h") == [1.5, -2])
        #expect(try file.floats("b") == [1.5, -4])
        #expect(throws: EmbeddingModelError.self) { _ = try file.floats("a", shape: [4]) }
        #expect(throws: EmbeddingModelError.self) { _ = try file.floats("missing") }
    }

    @Test("out-of-range offsets and bad headers are rejected", arguments: [
        #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,16]}}"#,
        #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#,
        #"{"a":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}}"#,
        #"{"a":{"dtype":"F32","shape":[2]}}"#,
        #"[1,2]"#,
        #"{"a": "#,
    ])
    func rejects(header: String) throws {
        let path = try Self.write(header: header, data: Array(repeating: 0, count: 8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: EmbeddingModelError.self) { _ = try SafetensorsFile(path: path) }
    }
}
