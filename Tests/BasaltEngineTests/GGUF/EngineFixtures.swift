import Foundation
@testable import BasaltEngine

/// Locations of the engine's test inputs and a runner for the Python reference scripts in `Fixtures/`.
enum EngineFixtures {
    static let fixturesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// SmolLM2-135M-Instruct Q4_1 under `$BASALT_CACHE` (default /root/.cache/basalt), or nil when absent.
    static let smolLMPath: String? = {
        let cache = ProcessInfo.processInfo.environment["BASALT_CACHE"] ?? "/root/.cache/basalt"
        let path = cache + "/models/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }()

    static var hasSmolLM: Bool { smolLMPath != nil }

    struct ScriptFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `python3 Fixtures/<script> args…` and throws on a non-zero exit.
    static func python(_ script: String, _ args: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", fixturesDirectory.appendingPathComponent(script).path] + args
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        let errorOutput = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ScriptFailed(description: "\(script) failed: \(String(decoding: errorOutput, as: UTF8.self))")
        }
    }

    /// A path in this test process's scratch directory, which is removed when the process exits.
    static func temporaryPath(_ name: String) -> String { scratchDirectory + "/" + name }

    static let scratchDirectory: String = {
        let path = NSTemporaryDirectory() + "basalt-engine-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: EngineFixtures.scratchDirectory) }
        return path
    }()

    /// The generated quantization fixture (see make_quant_fixtures.py), created once per test process.
    static let quantFixture: Result<GGUFFile, any Error> = Result {
        let path = temporaryPath("quant.gguf")
        try python("make_quant_fixtures.py", [path])
        return try GGUFFile(path: path)
    }

    /// The SmolLM2 file, opened once per test process.
    static let smolLM: Result<GGUFFile, any Error> = Result {
        guard let path = smolLMPath else { throw ScriptFailed(description: "SmolLM2 model file absent") }
        return try GGUFFile(path: path)
    }
}
