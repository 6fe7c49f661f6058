import BasaltWire
import Foundation

/// The access keys Basalt accepts, read from a file in the `~/.aws/credentials` INI format:
///
/// ```ini
/// [alice]                      # the caller's name (shown in logs and ARNs); `[profile alice]` also works
/// aws_access_key_id = AKIDEXAMPLE
/// aws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
/// aws_session_token = …        # optional: then every request must carry it (X-Amz-Security-Token)
/// basalt_policy = alice.json   # optional: IAM identity-based policy (path relative to this file)
/// basalt_rate_limit = 5        # optional: requests per second for this key (0 = unlimited; default --rate-limit)
/// basalt_max_streams = 2       # optional: concurrent response streams (0 = unlimited; default --max-streams)
/// ```
///
/// `#` and `;` start comment lines; other keys (`region`, …) are ignored; a section without a key id and
/// secret is ignored. A key id may appear only once.
public struct CredentialStore: Sendable {
    /// One credential and the name of the section it came from.
    public struct Entry: Sendable, Hashable {
        /// The section name.
        public var name: String
        /// Key id, secret, optional session token.
        public var credentials: SigningCredentials
        /// The identity-based policy of this key (`basalt_policy`); `nil` allows everything.
        public var policy: PolicyDocument?
        /// Per-key limits (`basalt_rate_limit`, `basalt_max_streams`); unset members follow the server's flags.
        public var limits: CallerLimits.Overrides

        /// An entry from its parts.
        public init(
            name: String, credentials: SigningCredentials, policy: PolicyDocument? = nil,
            limits: CallerLimits.Overrides = .init()
        ) {
            self.name = name
            self.credentials = credentials
            self.policy = policy
            self.limits = limits
        }
    }

    private var byAccessKey: [String: Entry]

    /// A store holding `entries`; throws if two share an access key id.
    public init(_ entries: [Entry] = []) throws(CredentialFileError) {
        byAccessKey = [:]
        for entry in entries {
            let id = entry.credentials.accessKeyId
            if let other = byAccessKey[id] {
                throw CredentialFileError("access key id '\(id)' appears in both [\(other.name)] and [\(entry.name)]")
            }
            byAccessKey[id] = entry
        }
    }

    /// A store with no credentials (every signed request is refused as unrecognised).
    public static var empty: CredentialStore { CredentialStore(byAccessKey: [:]) }

    private init(byAccessKey: [String: Entry]) { self.byAccessKey = byAccessKey }

    /// The entry for an access key id.
    public func entry(forAccessKey id: String) -> Entry? { byAccessKey[id] }

    /// Number of credentials.
    public var count: Int { byAccessKey.count }

    /// Reads and parses a credentials file.
    public static func load(path: String) throws(CredentialFileError) -> CredentialStore {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw CredentialFileError("cannot read credentials file \(path): \(error.localizedDescription)")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do { return try parse(text, directory: directory) } catch { throw CredentialFileError("\(path): \(error.message)") }
    }

    /// Parses the INI text of a credentials file; relative `basalt_policy` paths are read from `directory`
    /// (default: the current directory).
    public static func parse(_ text: String, directory: String? = nil) throws(CredentialFileError) -> CredentialStore {
        var sections: [(name: String, line: Int, values: [String: String])] = []
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\r")))
            let number = index + 1
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else { throw CredentialFileError("line \(number): malformed section header") }
                var name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                if name.hasPrefix("profile ") { name = name.dropFirst(8).trimmingCharacters(in: .whitespaces) }
                guard !name.isEmpty else { throw CredentialFileError("line \(number): empty section name") }
                sections.append((name, number, [:]))
                continue
            }
            guard let eq = line.firstIndex(of: "=") else { throw CredentialFileError("line \(number): expected key = value") }
            guard !sections.isEmpty else { throw CredentialFileError("line \(number): key outside of a [section]") }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            sections[sections.count - 1].values[key] = value
        }
        var entries: [Entry] = []
        for section in sections {
            let id = section.values["aws_access_key_id"]
            let secret = section.values["aws_secret_access_key"]
            let token = section.values["aws_session_token"] ?? section.values["aws_security_token"]
            switch (id, secret) {
            case (nil, nil):
                guard token == nil else { throw CredentialFileError("[\(section.name)] has a session token but no key") }
            case (let id?, let secret?) where !id.isEmpty && !secret.isEmpty:
                entries.append(Entry(
                    name: section.name,
                    credentials: SigningCredentials(
                        accessKeyId: id, secretAccessKey: secret, sessionToken: token.flatMap { $0.isEmpty ? nil : $0 }),
                    policy: try policy(section.values["basalt_policy"], section: section.name, directory: directory),
                    limits: try limits(section.values, section: section.name)))
            default:
                throw CredentialFileError(
                    "[\(section.name)] (line \(section.line)) needs both aws_access_key_id and aws_secret_access_key")
            }
        }
        return try CredentialStore(entries)
    }
}

extension CredentialStore {
    /// Loads `basalt_policy` (relative to `directory`); a policy that does not load refuses the whole file.
    static func policy(_ value: String?, section: String, directory: String?) throws(CredentialFileError) -> PolicyDocument? {
        guard let value, !value.isEmpty else { return nil }
        let path = value.hasPrefix("/") ? value : URL(fileURLWithPath: directory ?? ".").appendingPathComponent(value).path
        do { return try PolicyDocument.load(path: path) } catch {
            throw CredentialFileError("[\(section)] basalt_policy: \(error.message)")
        }
    }

    /// `basalt_rate_limit` (requests per second, may be fractional) and `basalt_max_streams`; 0 means unlimited.
    static func limits(_ values: [String: String], section: String) throws(CredentialFileError) -> CallerLimits.Overrides {
        var overrides = CallerLimits.Overrides()
        if let text = values["basalt_rate_limit"] {
            guard let rate = Double(text), rate >= 0, rate.isFinite else {
                throw CredentialFileError("[\(section)] basalt_rate_limit must be a number ≥ 0, not '\(text)'")
            }
            overrides.rateLimit = rate
        }
        if let text = values["basalt_max_streams"] {
            guard let streams = Int(text), streams >= 0 else {
                throw CredentialFileError("[\(section)] basalt_max_streams must be an integer ≥ 0, not '\(text)'")
            }
            overrides.maxStreams = streams
        }
        return overrides
    }
}
