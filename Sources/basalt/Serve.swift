import ArgumentParser
import BasaltAPI
import BasaltCore
import BasaltEngine
import BasaltServer
import BasaltStoreSQLite
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// `basalt serve`: loads the models (fetching the defaults if absent) and serves the Bedrock APIs.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the Bedrock runtime and control-plane APIs.")

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(name: .customLong("data-dir"), help: "Directory for persistent state.") var dataDir = "./.basalt"
    @Option(help: "YAML serving configuration (model id → backend).") var config: String?
    @Option(help: "Authentication: none or sigv4.") var auth: ServerConfiguration.AuthMode = .none
    @Option(help: "Credentials file in the ~/.aws/credentials INI format (for --auth sigv4).") var credentials: String?
    @Flag(name: .customLong("allow-unauthenticated-network"), help: "Allow --auth none on a non-loopback address (unsafe).")
    var allowUnauthenticatedNetwork = false
    @Option(name: .customLong("tls-cert"), help: "Serve HTTPS with this PEM certificate chain (with --tls-key).")
    var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: "PEM private key of --tls-cert.") var tlsKey: String?
    @Option(name: .customLong("tls"), help: "self-signed: serve HTTPS with a local CA made under <data-dir>/tls (clients trust its ca.pem).")
    var tlsMode: String?
    @Option(help: "Region reported in ARNs.") var region = "us-east-1"
    @Option(name: .customLong("account-id"), help: "Account id reported in ARNs.") var accountId = "123456789012"
    @Option(name: .customLong("model-cache"), help: "Model cache directory (default $BASALT_CACHE or ~/.cache/basalt).")
    var modelCache: String?
    @Option(name: .customLong("text-model"), help: "GGUF file serving every text model id (default: SmolLM2-135M-Instruct).")
    var textModel: String?
    @Option(help: "Concurrent generation slots of the built-in engine.") var slots = 8
    @Option(name: .customLong("rate-limit"), help: "Requests per second per credential (token bucket; 0 = unlimited).")
    var rateLimit: Double = 0
    @Option(name: .customLong("max-streams"), help: "Concurrent response streams per credential (0 = unlimited).")
    var maxStreams = 0
    @Option(name: .customLong("body-timeout"), help: "Seconds a client may take to send a request body.")
    var bodyTimeout = 60
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error.") var logLevel = "info"
    @Option(name: .customLong("shutdown-timeout"),
            help: "Seconds requests in flight may take to finish after SIGTERM/SIGINT before they are cancelled.")
    var shutdownTimeout = 30

    func run() async throws {
        var logger = Logger(label: "basalt")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        guard rateLimit >= 0, maxStreams >= 0 else { throw ValidationError("--rate-limit and --max-streams must be ≥ 0") }
        guard bodyTimeout > 0 else { throw ValidationError("--body-timeout must be positive") }
        guard shutdownTimeout >= 0 else { throw ValidationError("--shutdown-timeout must be ≥ 0") }
        let configuration = ServerConfiguration(
            host: host, port: port, dataDirectory: dataDir, auth: auth, region: region, accountId: accountId,
            limits: CallerLimits(rateLimit: rateLimit, maxStreams: maxStreams), bodyTimeout: .seconds(bodyTimeout))
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        let store = try SQLiteStore(directory: dataDir)
        let authenticator: Authenticator
        do {
            if let warning = try BindPolicy.check(
                host: host, auth: auth, allowUnauthenticatedNetwork: allowUnauthenticatedNetwork) {
                logger.warning("\(warning)")
            }
            authenticator = try Authenticator.make(
                configuration: configuration, credentialsPath: credentials, apiKeys: APIKeyStore(store: store))
        } catch let error as BindPolicy.Refusal {
            throw ValidationError(error.message)
        } catch let error as CredentialFileError {
            throw ValidationError(error.message)
        }
        logger.info("authentication", metadata: ["mode": "\(auth.rawValue)", "keys": "\(authenticator.credentials.count)"])
        let tls = try makeTLS(logger: logger)
        let serving = try config.map { try ServingConfiguration.load(path: $0) } ?? ServingConfiguration()
        let cache = ModelCache.default(override: modelCache)
        let log: (String) -> Void = { [logger] in logger.info("\($0)") }
        let textPath = try textModel ?? serving.defaultTextModel ?? cache.ensure(.smollm2, log: log).path
        logger.info("loading text model", metadata: ["path": "\(textPath)"])
        let text = try LocalTextModel.load(path: textPath, slots: slots)
        var overrides: [String: any TextModel] = [:]
        for (id, path) in serving.textModels {
            overrides[id] = try LocalTextModel.load(path: path, slots: slots)
        }
        let embeddingDir = try cache.ensure(.miniLM, log: log).deletingLastPathComponent()
        logger.info("loading embedding model", metadata: ["path": "\(embeddingDir.path)"])
        let embedding = try LocalEmbeddingModel.load(directory: embeddingDir)
        let controlPlane = ControlPlane(store: store, region: region, account: accountId, dataDirectory: dataDir)
        let importSlots = slots
        let registry = ModelRegistry(
            region: region, defaultText: text, textOverrides: overrides, embedding: embedding,
            resolver: StoreResolver(store: store),
            usage: store, loadImported: { try LocalTextModel.load(path: $0, slots: importSlots) })
        let app = BasaltServer.makeApplication(
            configuration: configuration, registry: registry, controlPlane: controlPlane, logger: logger,
            authenticator: authenticator, tls: tls)
        logger.info("serving", metadata: ["address": "\(tls == nil ? "http" : "https")://\(host):\(port)"])
        // SIGTERM/SIGINT: stop accepting, let requests in flight finish, cancel what is left at the deadline.
        var group = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = .seconds(shutdownTimeout)
        group.maximumCancellationDuration = .seconds(5)
        try await ServiceGroup(configuration: group).run()
    }
}

extension Serve {
    /// HTTPS from `--tls-cert`/`--tls-key` or `--tls self-signed`; `nil` for plain HTTP.
    func makeTLS(logger: Logger) throws -> ServerTLS? {
        do {
            switch (tlsMode, tlsCert, tlsKey) {
            case (nil, nil, nil):
                return nil
            case (nil, let cert?, let key?):
                return try ServerTLS.pem(certificatePath: cert, keyPath: key)
            case ("self-signed", nil, nil):
                let directory = (dataDir as NSString).appendingPathComponent("tls")
                let (tls, outcome) = try ServerTLS.selfSigned(directory: directory, hosts: [host])
                logger.info(
                    "TLS with a local CA: clients must trust its certificate (boto3 verify=…, AWS_CA_BUNDLE=…)",
                    metadata: ["ca": "\(tls.caCertificatePath ?? "")", "certificates": "\(outcome.rawValue)"])
                return tls
            case (let mode?, nil, nil):
                throw ValidationError("--tls takes 'self-signed', not '\(mode)'")
            case (nil, _, _):
                throw ValidationError("--tls-cert and --tls-key go together")
            default:
                throw ValidationError("use either --tls self-signed or --tls-cert/--tls-key, not both")
            }
        } catch let error as ServerTLS.Failure {
            throw ValidationError(error.message)
        }
    }
}

extension ServerConfiguration.AuthMode: ExpressibleByArgument {}
