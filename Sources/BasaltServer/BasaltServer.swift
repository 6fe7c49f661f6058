import BasaltAPI
import BasaltCore
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import Synchronization

/// Builds the Basalt HTTP application. The executable and the tests use this same builder.
public enum BasaltServer {
    /// - Parameters:
    ///   - registry: the model registry (backends already loaded, or loading: see `readiness`).
    ///   - readiness: answers whether `/health` may report ready.
    ///   - tls: serve HTTPS with this certificate (`nil`: plain HTTP).
    public static func makeApplication(
        configuration: ServerConfiguration, registry: ModelRegistry, controlPlane: ControlPlane? = nil, logger: Logger,
        authenticator: Authenticator? = nil, tls: ServerTLS? = nil,
        readiness: @escaping @Sendable () -> Bool = { true },
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let runtime = RuntimeController(registry: registry)
        let responder = BedrockResponder(
            configuration: configuration,
            authenticator: authenticator ?? Authenticator(
                mode: configuration.auth, credentials: .empty, region: configuration.region,
                accountId: configuration.accountId),
            runtime: runtime, invoke: InvokeController(registry: registry, runtime: runtime),
            controlPlane: controlPlane, isReady: readiness)
        // Idle keep-alive connections and clients that stall mid-request are closed after 60 s of silence
        // (a response that is being generated is never cut).
        let http1 = HTTP1Channel.Configuration(additionalChannelHandlers: [ClientAbortHandler()], idleTimeout: .seconds(60))
        let server: HTTPServerBuilder
        if let tls {
            let tlsConfiguration = tls.configuration
            server = HTTPServerBuilder { responder in
                try TLSChannel(HTTP1Channel(responder: responder, configuration: http1), tlsConfiguration: tlsConfiguration)
            }
        } else {
            server = .http1(configuration: http1)
        }
        return Application(
            responder: responder,
            server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Basalt"),
            onServerRunning: onServerRunning,
            logger: logger
        )
    }
}
