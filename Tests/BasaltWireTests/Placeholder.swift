import Testing
@testable import BasaltWire
@Test func placeholderWire() { #expect(Bool(true)) }
