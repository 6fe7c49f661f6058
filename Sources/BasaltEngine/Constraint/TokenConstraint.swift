import Foundation

/// Constrained decoding: restricts which bytes the model may produce next.
/// The sampler walks candidates in order of preference and takes the first token whose bytes the
/// constraint accepts, then advances the constraint with them. Byte-level vocabularies always have a
/// single-byte token for every byte, so a constraint that accepts some byte never dead-ends.
public protocol TokenConstraint: Sendable {
    /// Whether appending `bytes` keeps the output a prefix of some valid output.
    func accepts(_ bytes: some Collection<UInt8>) -> Bool
    /// Consumes bytes the sampler chose (they were accepted).
    mutating func advance(_ bytes: some Collection<UInt8>)
    /// True once the output is complete; generation ends there.
    var isComplete: Bool { get }
}
