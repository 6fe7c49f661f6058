import Foundation
import NIOSSL

/// HTTPS for `basalt serve`: a certificate chain and key in PEM files, either the operator's
/// (`--tls-cert FILE --tls-key FILE`) or made by a `LocalCertificateAuthority` (`--tls self-signed`).
///
/// Built before the server starts, so a missing file, a malformed PEM or a key that does not match the
/// certificate stops start-up with a clear message instead of failing every handshake.
public struct ServerTLS: Sendable {
    /// A start-up failure worded for the operator.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong.
        public var message: String
        public var description: String { message }
    }

    /// The swift-nio-ssl server configuration (TLS 1.2+, ALPN `http/1.1`).
    public let configuration: TLSConfiguration
    /// The certificate chain file served.
    public let certificatePath: String
    /// The private key file.
    public let keyPath: String
    /// The CA certificate clients should trust, for a self-signed setup; `nil` for operator-provided files.
    public let caCertificatePath: String?

    /// Serves the chain in `certificatePath` (leaf first, intermediates after) with the key in `keyPath`.
    public static func pem(certificatePath: String, keyPath: String, caCertificatePath: String? = nil) throws(Failure)
        -> ServerTLS
    {
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do { chain = try NIOSSLCertificate.fromPEMFile(certificatePath) } catch {
            throw Failure(message: "cannot read the TLS certificate \(certificatePath): \(error)")
        }
        guard !chain.isEmpty else { throw Failure(message: "\(certificatePath) holds no PEM certificate") }
        do { key = try NIOSSLPrivateKey(file: keyPath, format: .pem) } catch {
            throw Failure(message: "cannot read the TLS private key \(keyPath): \(error)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        do { _ = try NIOSSLContext(configuration: configuration) } catch {
            throw Failure(message: "the TLS key \(keyPath) does not fit the certificate \(certificatePath): \(error)")
        }
        return ServerTLS(
            configuration: configuration, certificatePath: certificatePath, keyPath: keyPath,
            caCertificatePath: caCertificatePath)
    }

    /// Makes or reuses a local CA and server certificate under `directory` (see `LocalCertificateAuthority`)
    /// for `hosts`, and serves that certificate.
    public static func selfSigned(directory: String, hosts: [String], now: Date = Date()) throws(Failure)
        -> (tls: ServerTLS, outcome: LocalCertificateAuthority.Outcome)
    {
        let paths: LocalCertificateAuthority.Paths
        let outcome: LocalCertificateAuthority.Outcome
        do { (paths, outcome) = try LocalCertificateAuthority.ensure(directory: directory, hosts: hosts, now: now) } catch {
            throw Failure(message: "cannot make the self-signed TLS certificates in \(directory): \(error)")
        }
        let tls = try pem(
            certificatePath: paths.serverCertificate, keyPath: paths.serverKey, caCertificatePath: paths.caCertificate)
        return (tls, outcome)
    }
}
