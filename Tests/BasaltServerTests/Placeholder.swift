import Testing
@testable import BasaltServer
@Test func placeholderServer() { #expect(Bool(true)) }
