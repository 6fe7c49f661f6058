import BasaltAPI
import BasaltCore
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// Builds the Basalt HTTP application. The executable and the tests use this same builder.
public enum BasaltServer {
    /// - Parameters:
    ///   - registry: the model registry (backends already loaded, or loading: see `readiness`).
    ///   - readiness: answers whether `/health` may report ready.
    public static func makeApplication(
        configuration: ServerConfiguration, registry: ModelRegistry, controlPlane: ControlPlane? = nil, logger: Logger,
        authenticator: Authenticator? = nil,
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
        return Application(
            responder: responder,
            // Idle keep-alive connections and clients that stall mid-request are closed after 60 s of silence
            // (a response that is being generated is never cut).
            server: .http1(configuration: .init(idleTimeout: .seconds(60))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Basalt"),
            onServerRunning: onServerRunning,
            logger: logger
        )
    }
}
