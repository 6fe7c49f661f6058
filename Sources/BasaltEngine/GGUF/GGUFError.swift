import Foundation

/// A GGUF file that cannot be read or used, with a message that names the file, key, tensor or type.
public struct GGUFError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case cannotOpen(path: String, errno: Int32)
        case badMagic(path: String)
        case unsupportedVersion(UInt32)
        case truncated(offset: Int)
        case invalidValueType(UInt32, key: String)
        case invalidTensor(name: String, reason: String)
        case missingKey(String)
        case wrongKeyType(String, expected: String)
        case unsupportedArchitecture(String)
        case unsupportedTensorType(tensor: String, type: String)
        case missingTensor(String)
        case shapeMismatch(tensor: String, expected: [Int], actual: [Int])
    }

    private let code: Code

    private init(_ code: Code) { self.code = code }

    static func cannotOpen(_ path: String, errno: Int32) -> Self { .init(.cannotOpen(path: path, errno: errno)) }
    static func badMagic(_ path: String) -> Self { .init(.badMagic(path: path)) }
    static func unsupportedVersion(_ version: UInt32) -> Self { .init(.unsupportedVersion(version)) }
    static func truncated(at offset: Int) -> Self { .init(.truncated(offset: offset)) }
    static func invalidValueType(_ raw: UInt32, key: String) -> Self { .init(.invalidValueType(raw, key: key)) }
    static func invalidTensor(_ name: String, _ reason: String) -> Self {
        .init(.invalidTensor(name: name, reason: reason))
    }
    static func missingKey(_ key: String) -> Self { .init(.missingKey(key)) }
    static func wrongKeyType(_ key: String, expected: String) -> Self { .init(.wrongKeyType(key, expected: expected)) }
    /// The file's `general.architecture` is not one this engine implements.
    public static func unsupportedArchitecture(_ name: String) -> Self { .init(.unsupportedArchitecture(name)) }
    static func unsupportedTensorType(_ tensor: String, _ type: GGMLType) -> Self {
        .init(.unsupportedTensorType(tensor: tensor, type: type.description))
    }
    static func missingTensor(_ name: String) -> Self { .init(.missingTensor(name)) }
    static func shapeMismatch(_ tensor: String, expected: [Int], actual: [Int]) -> Self {
        .init(.shapeMismatch(tensor: tensor, expected: expected, actual: actual))
    }

    public var description: String {
        switch code {
        case .cannotOpen(let path, let err):
            return "cannot open GGUF file \(path): \(String(cString: strerror(err)))"
        case .badMagic(let path):
            return "\(path) is not a GGUF file (bad magic)"
        case .unsupportedVersion(let v):
            return "unsupported GGUF version \(v) (supported: 2, 3)"
        case .truncated(let offset):
            return "GGUF file is truncated or corrupt near byte \(offset)"
        case .invalidValueType(let raw, let key):
            return "invalid GGUF metadata value type \(raw) for key \(key)"
        case .invalidTensor(let name, let reason):
            return "invalid tensor \(name): \(reason)"
        case .missingKey(let key):
            return "GGUF metadata key \(key) is missing"
        case .wrongKeyType(let key, let expected):
            return "GGUF metadata key \(key) is not \(expected)"
        case .unsupportedArchitecture(let name):
            return "unsupported model architecture '\(name)' (supported: llama)"
        case .unsupportedTensorType(let tensor, let type):
            return "tensor \(tensor) has unsupported type \(type) "
                + "(supported: F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q4_K, Q5_K, Q6_K)"
        case .missingTensor(let name):
            return "required tensor \(name) is missing"
        case .shapeMismatch(let tensor, let expected, let actual):
            return "tensor \(tensor) has shape \(actual), expected \(expected)"
        }
    }
}
