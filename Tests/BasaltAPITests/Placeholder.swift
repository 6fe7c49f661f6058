import Testing
@testable import BasaltAPI
@Test func placeholderAPI() { #expect(Bool(true)) }
