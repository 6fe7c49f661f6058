import ArgumentParser
import Foundation

/// `basalt models`: the model cache.
struct Models: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the model cache.", subcommands: [Fetch.self, List.self, Pull.self])

    struct Fetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Fetch the default models into the cache.")
        @Option(name: .customLong("model-cache")) var modelCache: String?
        func run() async throws {
            let cache = ModelCache.default(override: modelCache)
            for model in [DefaultModel.smollm2, .miniLM] {
                let path = try cache.ensure(model) { print($0) }
                print("\(model.name): \(path.path)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List cached models.")
        @Option(name: .customLong("model-cache")) var modelCache: String?
        func run() async throws {
            let cache = ModelCache.default(override: modelCache)
            for model in [DefaultModel.smollm2, .miniLM] {
                let file = cache.folder(model).appendingPathComponent(model.mainFile)
                let present = FileManager.default.fileExists(atPath: file.path)
                print("\(model.name)\t\(present ? file.path : "(not fetched)")")
            }
        }
    }
}
