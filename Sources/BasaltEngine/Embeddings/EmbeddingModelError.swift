import Foundation

/// A safetensors file, tokenizer or encoder configuration that cannot be read or used. The message names
/// the file, tensor or key.
public struct EmbeddingModelError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, in words that name the offending file, key or tensor.
    public let description: String

    init(_ description: String) { self.description = description }

    static func cannotOpen(_ path: String, errno: Int32) -> Self {
        .init("cannot open \(path): \(String(cString: strerror(errno)))")
    }
    static func malformed(_ path: String, _ reason: String) -> Self { .init("\(path): \(reason)") }
    static func missingTensor(_ name: String) -> Self { .init("missing tensor \(name)") }
    static func shapeMismatch(_ name: String, expected: [Int], actual: [Int]) -> Self {
        .init("tensor \(name) has shape \(actual), expected \(expected)")
    }
    static func unsupportedType(_ name: String, _ type: String) -> Self {
        .init("tensor \(name) has unsupported dtype \(type) (F32, F16 and BF16 are supported)")
    }
}
