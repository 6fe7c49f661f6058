import Crypto
import Foundation
import SwiftASN1
import X509

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `basalt serve --tls self-signed`: a local certificate authority and a server certificate it signs, kept as
/// PEM files in one directory (`<data-dir>/tls`):
///
/// | file | content |
/// |---|---|
/// | `ca.pem` | the CA certificate: give it to clients (`boto3 … verify="…/ca.pem"`, `AWS_CA_BUNDLE`) |
/// | `ca-key.pem` | the CA's P-256 key (PKCS#8, mode 0600) |
/// | `server.pem` | the server certificate (SANs: localhost, 127.0.0.1, ::1, the bind host) |
/// | `server-key.pem` | the server's P-256 key (PKCS#8, mode 0600) |
///
/// The CA is made once and reused; the server certificate is made again when it is missing, does not name
/// every host, expires within 30 days, or was not issued by the CA on disk.
public struct LocalCertificateAuthority: Sendable {
    /// The four files.
    public struct Paths: Sendable, Hashable {
        /// The directory holding them.
        public var directory: String
        /// CA certificate (PEM).
        public var caCertificate: String { directory + "/ca.pem" }
        /// CA private key (PEM).
        public var caKey: String { directory + "/ca-key.pem" }
        /// Server certificate (PEM).
        public var serverCertificate: String { directory + "/server.pem" }
        /// Server private key (PEM).
        public var serverKey: String { directory + "/server-key.pem" }
    }

    /// What `ensure` did.
    public enum Outcome: String, Sendable, Hashable {
        /// Both certificates were already fine.
        case reused
        /// The CA was kept; the server certificate was made anew.
        case renewedServerCertificate
        /// A new CA and server certificate were made.
        case created
    }

    /// Validity of the CA (10 years) and of server certificates (825 days, the longest Apple clients accept).
    static let caLifetime: TimeInterval = 10 * 365 * 86_400
    static let serverLifetime: TimeInterval = 825 * 86_400
    /// A server certificate this close to expiry is renewed at start-up.
    static let renewalMargin: TimeInterval = 30 * 86_400

    /// Makes or reuses the CA and server certificate in `directory` for `hosts` (DNS names or IP addresses;
    /// `localhost`, `127.0.0.1` and `::1` are always added).
    public static func ensure(directory: String, hosts: [String], now: Date = Date()) throws -> (Paths, Outcome) {
        let paths = Paths(directory: directory)
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let names = subjectAlternativeNames(for: hosts)
        var outcome = Outcome.reused
        let caKey: P256.Signing.PrivateKey
        let caCertificate: Certificate
        if fm.fileExists(atPath: paths.caCertificate), fm.fileExists(atPath: paths.caKey) {
            caKey = try P256.Signing.PrivateKey(pemRepresentation: String(contentsOfFile: paths.caKey, encoding: .utf8))
            caCertificate = try Certificate(pemEncoded: String(contentsOfFile: paths.caCertificate, encoding: .utf8))
        } else {
            caKey = P256.Signing.PrivateKey()
            caCertificate = try makeCA(key: caKey, now: now)
            try write(caCertificate.serializeAsPEM().pemString, to: paths.caCertificate, mode: 0o644)
            try write(caKey.pemRepresentation, to: paths.caKey, mode: 0o600)
            outcome = .created
        }
        if outcome == .created || !serverCertificateIsUsable(paths, ca: caCertificate, names: names, now: now) {
            let key = P256.Signing.PrivateKey()
            let certificate = try makeServerCertificate(key: key, names: names, caKey: caKey, ca: caCertificate, now: now)
            try write(key.pemRepresentation, to: paths.serverKey, mode: 0o600)
            try write(certificate.serializeAsPEM().pemString, to: paths.serverCertificate, mode: 0o644)
            if outcome == .reused { outcome = .renewedServerCertificate }
        }
        return (paths, outcome)
    }

    /// `localhost`, `127.0.0.1`, `::1` and each host (an IP literal becomes an IP SAN, anything else a DNS
    /// SAN; the wildcard binds `0.0.0.0` and `::` are replaced by this machine's host name).
    static func subjectAlternativeNames(for hosts: [String]) -> [GeneralName] {
        var out: [GeneralName] = []
        func add(_ name: GeneralName) { if !out.contains(name) { out.append(name) } }
        for host in ["localhost", "127.0.0.1", "::1"] + hosts {
            var h = host
            if h.hasPrefix("["), h.hasSuffix("]") { h = String(h.dropFirst().dropLast()) }
            if h.isEmpty { continue }
            if let bytes = IPAddressBytes.parse(h) {
                if bytes.allSatisfy({ $0 == 0 }) {
                    add(.dnsName(ProcessInfo.processInfo.hostName.lowercased()))
                } else {
                    add(.ipAddress(ASN1OctetString(contentBytes: ArraySlice(bytes))))
                }
            } else {
                add(.dnsName(h.lowercased()))
            }
        }
        return out
    }

    static func makeCA(key: P256.Signing.PrivateKey, now: Date) throws -> Certificate {
        let name = try DistinguishedName {
            OrganizationName("Basalt")
            CommonName("Basalt local CA (\(ProcessInfo.processInfo.hostName))")
        }
        let publicKey = Certificate.PublicKey(key.publicKey)
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
            Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
            SubjectKeyIdentifier(keyIdentifier: keyIdentifier(key.publicKey))
        }
        return try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(caLifetime),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions,
            issuerPrivateKey: Certificate.PrivateKey(key))
    }

    static func makeServerCertificate(
        key: P256.Signing.PrivateKey, names: [GeneralName], caKey: P256.Signing.PrivateKey, ca: Certificate, now: Date
    ) throws -> Certificate {
        let subject = try DistinguishedName {
            OrganizationName("Basalt")
            CommonName("Basalt server")
        }
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true))
            try ExtendedKeyUsage([.serverAuth])
            SubjectAlternativeNames(names)
            SubjectKeyIdentifier(keyIdentifier: keyIdentifier(key.publicKey))
            AuthorityKeyIdentifier(keyIdentifier: keyIdentifier(caKey.publicKey))
        }
        return try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(serverLifetime),
            issuer: ca.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions,
            issuerPrivateKey: Certificate.PrivateKey(caKey))
    }

    /// Whether the server certificate on disk can be served: readable with its key, issued by `ca` (its
    /// signature verifies with the CA key), names every SAN, and valid for longer than the renewal margin.
    static func serverCertificateIsUsable(_ paths: Paths, ca: Certificate, names: [GeneralName], now: Date) -> Bool {
        guard let pem = try? String(contentsOfFile: paths.serverCertificate, encoding: .utf8),
            let certificate = try? Certificate(pemEncoded: pem),
            let keyPEM = try? String(contentsOfFile: paths.serverKey, encoding: .utf8),
            let key = try? P256.Signing.PrivateKey(pemRepresentation: keyPEM),
            certificate.publicKey == Certificate.PublicKey(key.publicKey),
            certificate.issuer == ca.subject,
            ca.publicKey.isValidSignature(certificate.signature, for: certificate),
            certificate.notValidAfter > now.addingTimeInterval(renewalMargin),
            certificate.notValidBefore <= now,
            let sans = try? certificate.extensions.subjectAlternativeNames
        else { return false }
        return names.allSatisfy { sans.contains($0) }
    }

    /// SHA-256 of the public key (X9.63 form), first 20 bytes: the key identifier (RFC 5280 §4.2.1.2 allows
    /// any unique method).
    static func keyIdentifier(_ key: P256.Signing.PublicKey) -> ArraySlice<UInt8> {
        ArraySlice(SHA256.hash(data: key.x963Representation).prefix(20))
    }

    /// Replaces `path` with `text`; the file is created with `mode` (0600 for keys), so a key is never readable
    /// by others, not even for a moment.
    static func write(_ text: String, to path: String, mode: Int) throws {
        _ = unlink(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode_t(mode))
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }
}
