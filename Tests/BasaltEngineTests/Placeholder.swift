import Testing
@testable import BasaltEngine
@Test func placeholderEngine() { #expect(Bool(true)) }
