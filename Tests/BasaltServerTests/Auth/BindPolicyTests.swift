import BasaltServer
import Testing

@Suite struct BindPolicyTests {
    @Test func loopbackAddresses() {
        for h in ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]", "api.localhost"] {
            #expect(BindPolicy.isLoopback(h), "\(h)")
        }
        for h in ["0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "example.com", "127.0.0.1.example.com", "128.0.0.1", ""] {
            #expect(!BindPolicy.isLoopback(h), "\(h)")
        }
    }

    @Test func noneModeNeedsLoopbackOrTheUnsafeFlag() throws {
        #expect(try BindPolicy.check(host: "127.0.0.1", auth: .none, allowUnauthenticatedNetwork: false) == nil)
        #expect(throws: BindPolicy.Refusal.self) {
            try BindPolicy.check(host: "0.0.0.0", auth: .none, allowUnauthenticatedNetwork: false)
        }
        let warning = try BindPolicy.check(host: "0.0.0.0", auth: .none, allowUnauthenticatedNetwork: true)
        #expect(warning?.contains("without authentication") == true)
        #expect(try BindPolicy.check(host: "0.0.0.0", auth: .sigv4, allowUnauthenticatedNetwork: false) == nil)
    }
}
