import ArgumentParser
import BasaltEngine
import Foundation

extension Models {
    /// `basalt models pull PATH|URL`: adds a GGUF to the model cache (checked to open as a GGUF first).
    struct Pull: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a GGUF file (local path or URL) to the model cache.")
        @Argument(help: "A .gguf file path, file:// URL or http(s) URL.") var source: String
        @Option(help: "Cache folder name (default: the file name without extension).") var name: String?
        @Option(name: .customLong("model-cache")) var modelCache: String?

        func run() async throws {
            let cache = ModelCache.default(override: modelCache)
            let fileName = URL(string: source)?.lastPathComponent ?? (source as NSString).lastPathComponent
            guard fileName.hasSuffix(".gguf") else { throw ValidationError("expected a .gguf file, got \(fileName)") }
            let folder = cache.root.appendingPathComponent("models/\(name ?? String(fileName.dropLast(5)))")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let target = folder.appendingPathComponent(fileName)
            let partial = target.appendingPathExtension("partial")
            if source.hasPrefix("http://") || source.hasPrefix("https://") {
                try cache.run(["curl", "-fL", "--progress-bar", "-o", partial.path, source], showOutput: true)
            } else {
                let path = source.hasPrefix("file://") ? String(source.dropFirst(7)) : source
                try copyWithProgress(from: URL(fileURLWithPath: path), to: partial)
            }
            do {
                let file = try GGUFFile(path: partial.path)
                print("architecture \(file.architecture), \(file.tensors.count) tensors")
            } catch {
                try? FileManager.default.removeItem(at: partial)
                throw ValidationError("not a usable GGUF file: \(error)")
            }
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.moveItem(at: partial, to: target)
            print("added \(target.path)  (serve it with --text-model \(target.path))")
        }

        /// Copies in 8 MiB blocks, drawing a progress bar on standard error.
        func copyWithProgress(from source: URL, to target: URL) throws {
            let input = try FileHandle(forReadingFrom: source)
            defer { try? input.close() }
            let total = (try FileManager.default.attributesOfItem(atPath: source.path)[.size] as? NSNumber)?.intValue ?? 0
            guard FileManager.default.createFile(atPath: target.path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: target.path])
            }
            let output = try FileHandle(forWritingTo: target)
            defer { try? output.close() }
            var copied = 0
            while let chunk = try input.read(upToCount: 8 << 20), !chunk.isEmpty {
                try output.write(contentsOf: chunk)
                copied += chunk.count
                let fraction = total > 0 ? Double(copied) / Double(total) : 1
                let bar = String(repeating: "#", count: Int(fraction * 40)).padding(toLength: 40, withPad: " ", startingAt: 0)
                FileHandle.standardError.write(Data("\r[\(bar)] \(Int(fraction * 100))%".utf8))
            }
            FileHandle.standardError.write(Data("\n".utf8))
        }
    }
}
