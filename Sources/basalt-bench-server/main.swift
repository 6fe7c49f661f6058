import BasaltServer
import Foundation
import Hummingbird
import Logging

// `basalt-bench-server PORT`: the real Basalt HTTP stack in front of `InstantBackend`, for server-overhead benchmarks
// (benchmarks/server_overhead.py drives it with wrk).
let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 8089
var logger = Logger(label: "basalt-bench")
logger.logLevel = .warning
let registry = ModelRegistry(region: "us-east-1", defaultText: InstantBackend())
let app = BasaltServer.makeApplication(
    configuration: ServerConfiguration(port: port), registry: registry, logger: logger)
try await app.runService()
