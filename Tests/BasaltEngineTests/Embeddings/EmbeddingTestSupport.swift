import Foundation
@testable import BasaltEngine

/// Locates the all-MiniLM-L6-v2 directory (`$BASALT_CACHE/models/all-minilm-l6-v2`, default cache
/// `/root/.cache/basalt`) and fixtures; tests that need the model skip when it is absent.
enum EmbeddingTestSupport {
    static let modelDirectory: URL? = {
        let cache = ProcessInfo.processInfo.environment["BASALT_CACHE"] ?? "/root/.cache/basalt"
        let dir = URL(fileURLWithPath: cache).appendingPathComponent("models/all-minilm-l6-v2")
        let needed = ["model.safetensors", "tokenizer.json", "config.json"]
        return needed.allSatisfy { FileManager.default.fileExists(atPath: dir.appendingPathComponent($0).path) }
            ? dir : nil
    }()

    static let model: LocalEmbeddingModel? = modelDirectory.flatMap { try? LocalEmbeddingModel.load(directory: $0) }
    static let q8Model: LocalEmbeddingModel? = modelDirectory.flatMap {
        try? LocalEmbeddingModel.load(directory: $0, precision: .q8_0)
    }

    static func fixture(_ name: String) -> Data? {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        return try? Data(contentsOf: url)
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0
        for (x, y) in zip(a, b) {
            dot += Double(x) * Double(y)
            na += Double(x) * Double(x)
            nb += Double(y) * Double(y)
        }
        return dot / (na.squareRoot() * nb.squareRoot())
    }
}
