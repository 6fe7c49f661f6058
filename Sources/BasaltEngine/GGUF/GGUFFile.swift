import CBasaltKernels
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A GGUF (v2/v3) model file, memory-mapped read-only for the life of this object: metadata,
/// tensor infos, and pointers to tensor data inside the mapping.
public final class GGUFFile: @unchecked Sendable {  // read-only mapping, immutable after init
    // @unchecked: all state is immutable after init; the mapping is read-only and unmapped only in deinit.

    /// Path the file was opened from.
    public let path: String
    /// GGUF format version (2 or 3).
    public let version: UInt32
    /// All metadata key/value pairs.
    public let metadata: [String: GGUFValue]
    /// Tensor infos in file order.
    public let tensors: [GGUFTensorInfo]
    /// `general.alignment` (default 32).
    public let alignment: Int
    /// Offset of the tensor-data section in the file.
    public let dataOffset: Int
    /// Size of the mapped file in bytes.
    public let fileSize: Int

    private let base: UnsafeRawPointer
    private let tensorIndex: [String: Int]

    /// Opens and maps `path`, parsing the header. Throws `GGUFError` for missing files, bad magic,
    /// unsupported versions and malformed headers.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw GGUFError.cannotOpen(path, errno: errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw GGUFError.cannotOpen(path, errno: errno) }
        let size = Int(st.st_size)
        guard size >= 24 else { throw GGUFError.badMagic(path) }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw GGUFError.cannotOpen(path, errno: errno)
        }
        let base = UnsafeRawPointer(mapped)
        do {
            let header = try Self.parse(base: base, size: size, path: path)
            self.version = header.version
            self.metadata = header.metadata
            self.tensors = header.tensors
            self.alignment = header.alignment
            self.dataOffset = header.dataOffset
        } catch {
            munmap(mapped, size)
            throw error
        }
        self.base = base
        self.fileSize = size
        var index: [String: Int] = [:]
        for (i, t) in tensors.enumerated() { index[t.name] = i }
        self.tensorIndex = index
        try validateTensorBounds()
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), fileSize)
    }

    private struct Header {
        var version: UInt32
        var metadata: [String: GGUFValue]
        var tensors: [GGUFTensorInfo]
        var alignment: Int
        var dataOffset: Int
    }

    private static func parse(base: UnsafeRawPointer, size: Int, path: String) throws(GGUFError) -> Header {
        var c = GGUFCursor(base: base, size: size)
        guard try c.read(UInt32.self) == 0x4655_4747 else { throw .badMagic(path) }  // "GGUF"
        let version = try c.read(UInt32.self)
        guard version == 2 || version == 3 else { throw .unsupportedVersion(version) }
        let tensorCount = try c.readCount()
        let kvCount = try c.readCount()
        var metadata: [String: GGUFValue] = [:]
        for _ in 0..<kvCount {
            let key = try c.readString()
            let type = try c.read(UInt32.self)
            metadata[key] = try c.readValue(type: type, key: key)
        }
        var tensors: [GGUFTensorInfo] = []
        tensors.reserveCapacity(tensorCount)
        for _ in 0..<tensorCount {
            let name = try c.readString()
            let nDims = Int(try c.read(UInt32.self))
            guard nDims <= 8 else { throw .invalidTensor(name, "\(nDims) dimensions") }
            var dims: [Int] = []
            for _ in 0..<nDims { dims.append(try c.readCount()) }
            let type = GGMLType(rawValue: try c.read(UInt32.self))
            let offset = try c.readCount()
            tensors.append(GGUFTensorInfo(name: name, dimensions: dims, type: type, offset: offset))
        }
        let alignment = metadata["general.alignment"]?.intValue ?? 32
        guard alignment > 0, alignment & (alignment - 1) == 0 else {
            throw .invalidTensor("general.alignment", "alignment \(alignment) is not a power of two")
        }
        let dataOffset = (c.offset + alignment - 1) / alignment * alignment
        return Header(version: version, metadata: metadata, tensors: tensors, alignment: alignment,
                      dataOffset: dataOffset)
    }

    private func validateTensorBounds() throws {
        for t in tensors {
            guard t.offset % alignment == 0 else { throw GGUFError.invalidTensor(t.name, "misaligned offset") }
            if let bytes = t.byteCount, dataOffset + t.offset + bytes > fileSize {
                throw GGUFError.invalidTensor(t.name, "data extends past the end of the file")
            }
        }
    }

    // MARK: - Metadata

    /// `general.architecture` (e.g. `llama`), or an empty string when absent.
    public var architecture: String { string("general.architecture") ?? "" }

    /// `tokenizer.chat_template` when present.
    public var chatTemplate: String? { string("tokenizer.chat_template") }

    public func value(_ key: String) -> GGUFValue? { metadata[key] }
    public func string(_ key: String) -> String? { metadata[key]?.stringValue }
    public func int(_ key: String) -> Int? { metadata[key]?.intValue }
    public func float(_ key: String) -> Float? { metadata[key]?.floatValue.map(Float.init) }
    public func bool(_ key: String) -> Bool? { metadata[key]?.boolValue }
    public func array(_ key: String) -> [GGUFValue]? { metadata[key]?.arrayValue }

    /// A string array, or nil when absent or not all strings.
    public func stringArray(_ key: String) -> [String]? {
        guard let a = array(key) else { return nil }
        var out: [String] = []
        out.reserveCapacity(a.count)
        for v in a {
            guard let s = v.stringValue else { return nil }
            out.append(s)
        }
        return out
    }

    /// An integer array, or nil when absent or not all integers.
    public func intArray(_ key: String) -> [Int]? {
        guard let a = array(key) else { return nil }
        var out: [Int] = []
        out.reserveCapacity(a.count)
        for v in a {
            guard let i = v.intValue else { return nil }
            out.append(i)
        }
        return out
    }

    /// A float array, or nil when absent or not all numbers.
    public func floatArray(_ key: String) -> [Float]? {
        guard let a = array(key) else { return nil }
        var out: [Float] = []
        out.reserveCapacity(a.count)
        for v in a {
            guard let f = v.floatValue else { return nil }
            out.append(Float(f))
        }
        return out
    }

    // MARK: - Tensors

    /// The tensor named `name`, if present.
    public func tensor(_ name: String) -> GGUFTensorInfo? { tensorIndex[name].map { tensors[$0] } }

    /// Pointer to a tensor's data inside the mapping (valid while this object lives).
    public func data(of tensor: GGUFTensorInfo) -> UnsafeRawPointer {
        base + dataOffset + tensor.offset
    }

    /// Dequantizes a whole tensor to floats (row-major, rows of `rowLength`).
    public func dequantize(_ tensor: GGUFTensorInfo) throws -> [Float] {
        guard tensor.type.isSupported, let rowBytes = tensor.type.rowBytes(tensor.rowLength) else {
            throw GGUFError.unsupportedTensorType(tensor.name, tensor.type)
        }
        let src = data(of: tensor)
        let n = tensor.rowLength
        return [Float](unsafeUninitializedCapacity: tensor.elementCount) { buf, count in
            for r in 0..<tensor.rowCount {
                bk_dequantize_row(Int32(tensor.type.rawValue), src + r * rowBytes, buf.baseAddress! + r * n, Int64(n))
            }
            count = tensor.elementCount
        }
    }
}
