import BasaltServer
import Foundation
import Testing

/// `--tls self-signed`: the local CA and server certificate are made once, kept with private key files, reused,
/// and renewed when the host changes. OpenSSL's own `verify` (an independent X.509 implementation) checks the
/// chain and the names when the `openssl` tool is installed.
@Suite struct SelfSignedCertificateTests {
    /// A new directory inside this test process's scratch directory (removed when the process exits).
    func temporaryDirectory() throws -> String {
        let dir = Self.scratch + "/" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir + "/tls"
    }

    static let scratch: String = {
        let path = NSTemporaryDirectory() + "basalt-tls-\(getpid())"
        atexit { try? FileManager.default.removeItem(atPath: SelfSignedCertificateTests.scratch) }
        return path
    }()

    func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// Runs `openssl verify` for the server certificate against the CA, with a host or IP check; nil when
    /// openssl is not installed.
    func opensslVerify(_ paths: LocalCertificateAuthority.Paths, host: String? = nil, ip: String? = nil) throws -> Bool? {
        let tool = ["/usr/bin/openssl", "/usr/local/bin/openssl", "/opt/homebrew/bin/openssl"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let tool else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        var arguments = ["verify", "-purpose", "sslserver", "-CAfile", paths.caCertificate]
        if let host { arguments += ["-verify_hostname", host] }
        if let ip { arguments += ["-verify_ip", ip] }
        process.arguments = arguments + [paths.serverCertificate]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test func createsReusesAndRenews() throws {
        let dir = try temporaryDirectory()
        let (paths, first) = try LocalCertificateAuthority.ensure(directory: dir, hosts: ["127.0.0.1"])
        #expect(first == .created)
        #expect(try mode(paths.caKey) == 0o600)
        #expect(try mode(paths.serverKey) == 0o600)
        #expect(try read(paths.caCertificate).hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(try read(paths.serverKey).hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let ca = try read(paths.caCertificate)
        let server = try read(paths.serverCertificate)

        let (_, second) = try LocalCertificateAuthority.ensure(directory: dir, hosts: ["127.0.0.1"])
        #expect(second == .reused)
        #expect(try read(paths.serverCertificate) == server)

        // A new host needs a new server certificate from the same CA.
        let (_, third) = try LocalCertificateAuthority.ensure(directory: dir, hosts: ["basalt.example.internal"])
        #expect(third == .renewedServerCertificate)
        #expect(try read(paths.caCertificate) == ca)
        #expect(try read(paths.serverCertificate) != server)

        // Close to expiry (a start-up 800 days later) the server certificate is renewed too.
        let later = Date().addingTimeInterval(800 * 86_400)
        let (_, fourth) = try LocalCertificateAuthority.ensure(
            directory: dir, hosts: ["basalt.example.internal"], now: later)
        #expect(fourth == .renewedServerCertificate)
    }

    @Test func opensslAcceptsTheChainForEveryName() throws {
        let (paths, _) = try LocalCertificateAuthority.ensure(directory: try temporaryDirectory(), hosts: ["10.1.2.3"])
        guard try opensslVerify(paths) != nil else { return }  // no openssl tool here
        #expect(try opensslVerify(paths) == true)
        #expect(try opensslVerify(paths, host: "localhost") == true)
        #expect(try opensslVerify(paths, ip: "127.0.0.1") == true)
        #expect(try opensslVerify(paths, ip: "::1") == true)
        #expect(try opensslVerify(paths, ip: "10.1.2.3") == true)
        #expect(try opensslVerify(paths, host: "example.com") == false)
        #expect(try opensslVerify(paths, ip: "10.1.2.4") == false)
    }

    @Test func serverTLSLoadsTheFilesAndRejectsMismatchedKeys() throws {
        let dir = try temporaryDirectory()
        let (tls, _) = try ServerTLS.selfSigned(directory: dir, hosts: ["localhost"])
        #expect(tls.caCertificatePath == dir + "/ca.pem")
        // The CA key does not belong to the server certificate.
        #expect(throws: ServerTLS.Failure.self) {
            try ServerTLS.pem(certificatePath: dir + "/server.pem", keyPath: dir + "/ca-key.pem")
        }
        #expect(throws: ServerTLS.Failure.self) {
            try ServerTLS.pem(certificatePath: dir + "/missing.pem", keyPath: dir + "/server-key.pem")
        }
    }
}
