/// Issue 6 "Modes": `--auth none` is allowed only on a loopback address; anything else needs an auth mode
/// or the explicit `--allow-unauthenticated-network` flag, which is logged as a warning.
public enum BindPolicy {
    /// A refused combination of bind address and auth mode; the message tells the operator what to do.
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        /// Why the server will not start.
        public var message: String
        public var description: String { message }
    }

    /// Whether `host` is a loopback address: `localhost`, `127.0.0.0/8`, `::1` (bracketed or not).
    public static func isLoopback(_ host: String) -> Bool {
        var h = host.lowercased()
        if h.hasPrefix("["), h.hasSuffix("]") { h = String(h.dropFirst().dropLast()) }
        if h == "localhost" || h.hasSuffix(".localhost") || h == "::1" || h == "0:0:0:0:0:0:0:1" { return true }
        let octets = h.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) else { return false }
        return octets[0] == "127"
    }

    /// Checks the combination; returns a warning to log when the unsafe flag opens an unauthenticated
    /// server to the network, `nil` when there is nothing to say.
    public static func check(
        host: String, auth: ServerConfiguration.AuthMode, allowUnauthenticatedNetwork: Bool
    ) throws(Refusal) -> String? {
        guard auth == .none, !isLoopback(host) else { return nil }
        guard allowUnauthenticatedNetwork else {
            throw Refusal(message:
                "--auth none may only bind a loopback address (127.0.0.1, ::1, localhost), not '\(host)'. Use"
                    + " --auth sigv4 --credentials FILE, or pass --allow-unauthenticated-network to accept the risk.")
        }
        return "Serving without authentication on \(host): any host that can reach this address can call every API."
    }
}
