import BasaltCore
import CBasaltKernels
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `.safetensors` file (Hugging Face format), memory-mapped read-only for the life of this object.
///
/// Layout: an 8-byte little-endian header length `N`, `N` bytes of JSON mapping tensor names to
/// `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets relative to the end of the header), an optional
/// `__metadata__` object of strings, then the raw little-endian tensor data.
public final class SafetensorsFile: @unchecked Sendable {  // read-only mapping, immutable after init
    // @unchecked: all state is immutable after init; the mapping is read-only and unmapped only in deinit.

    /// Element type of a tensor (`dtype` in the header).
    public enum DType: String, Sendable, Hashable {
        case f64 = "F64", f32 = "F32", f16 = "F16", bf16 = "BF16"
        case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8", u8 = "U8", bool = "BOOL"

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .f64, .i64: 8
            case .f32, .i32: 4
            case .f16, .bf16, .i16: 2
            case .i8, .u8, .bool: 1
            }
        }
    }

    /// One tensor's header entry.
    public struct TensorInfo: Sendable, Hashable {
        public let name: String
        public let dtype: DType
        public let shape: [Int]
        /// Byte range inside the data section.
        public let byteRange: Range<Int>
        /// Number of elements (product of `shape`; 1 for a scalar).
        public var elementCount: Int { shape.reduce(1, *) }
    }

    /// Path the file was opened from.
    public let path: String
    /// Tensor entries in name order.
    public let tensors: [TensorInfo]
    /// The `__metadata__` strings, if any.
    public let metadata: [String: String]

    private let base: UnsafeRawPointer
    private let fileSize: Int
    private let dataOffset: Int
    private let index: [String: Int]

    /// Opens and maps `path` and parses its header. Throws `EmbeddingModelError` for unreadable files,
    /// malformed headers, unknown dtypes and tensors whose data lies outside the file.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw EmbeddingModelError.cannotOpen(path, errno: errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw EmbeddingModelError.cannotOpen(path, errno: errno) }
        let size = Int(st.st_size)
        guard size >= 8 else { throw EmbeddingModelError.malformed(path, "file too short") }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw EmbeddingModelError.cannotOpen(path, errno: errno)
        }
        let base = UnsafeRawPointer(mapped)
        do {
            let parsed = try Self.parseHeader(base: base, size: size, path: path)
            tensors = parsed.tensors
            metadata = parsed.metadata
            dataOffset = parsed.dataOffset
        } catch {
            munmap(mapped, size)
            throw error
        }
        self.base = base
        fileSize = size
        var index: [String: Int] = [:]
        for (i, t) in tensors.enumerated() { index[t.name] = i }
        self.index = index
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), fileSize) }

    /// The entry named `name`, if present.
    public func tensor(_ name: String) -> TensorInfo? { index[name].map { tensors[$0] } }

    /// Pointer to the first byte of `info`'s data inside the mapping (valid while this object lives).
    public func data(of info: TensorInfo) -> UnsafeRawPointer { base + dataOffset + info.byteRange.lowerBound }

    /// Reads a floating-point tensor as F32 values (converting F16/BF16), checking its shape when `shape`
    /// is given.
    public func floats(_ name: String, shape: [Int]? = nil) throws -> [Float] {
        guard let info = tensor(name) else { throw EmbeddingModelError.missingTensor(name) }
        if let shape, shape != info.shape {
            throw EmbeddingModelError.shapeMismatch(name, expected: shape, actual: info.shape)
        }
        let n = info.elementCount
        let src = data(of: info)
        switch info.dtype {
        case .f32:
            return [Float](unsafeUninitializedCapacity: n) { buffer, count in
                memcpy(buffer.baseAddress!, src, n * 4)
                count = n
            }
        case .f16:
            return (0..<n).map { bk_f16_to_f32(src.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self)) }
        case .bf16:
            return (0..<n).map {
                Float(bitPattern: UInt32(src.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self)) << 16)
            }
        case .f64:
            return (0..<n).map { Float(src.loadUnaligned(fromByteOffset: 8 * $0, as: Double.self)) }
        default:
            throw EmbeddingModelError.unsupportedType(name, info.dtype.rawValue)
        }
    }

    private static func parseHeader(base: UnsafeRawPointer, size: Int, path: String) throws
        -> (tensors: [TensorInfo], metadata: [String: String], dataOffset: Int)
    {
        let headerLength = Int(UInt64(littleEndian: base.loadUnaligned(as: UInt64.self)))
        guard headerLength > 1, headerLength <= size - 8, headerLength < 100_000_000 else {
            throw EmbeddingModelError.malformed(path, "header length \(headerLength) exceeds the file")
        }
        let bytes = UnsafeRawBufferPointer(start: base + 8, count: headerLength)
        let json: JSONValue
        do { json = try JSONValue.parse(bytes) } catch {
            throw EmbeddingModelError.malformed(path, "header JSON: \(error)")
        }
        guard case .object(let root) = json else { throw EmbeddingModelError.malformed(path, "header is not an object") }
        let dataSize = size - 8 - headerLength
        var tensors: [TensorInfo] = []
        var metadata: [String: String] = [:]
        for (name, value) in root {
            if name == "__metadata__" {
                for (k, v) in value.objectValue ?? JSONObject() { metadata[k] = v.stringValue }
                continue
            }
            guard let dtypeName = value["dtype"]?.stringValue else {
                throw EmbeddingModelError.malformed(path, "tensor \(name) has no dtype")
            }
            guard let dtype = DType(rawValue: dtypeName) else {
                throw EmbeddingModelError.unsupportedType(name, dtypeName)
            }
            guard let shape = value["shape"]?.arrayValue?.compactMap(\.intValue),
                  shape.count == value["shape"]?.arrayValue?.count, shape.allSatisfy({ $0 >= 0 }),
                  let offsets = value["data_offsets"]?.arrayValue?.compactMap(\.intValue), offsets.count == 2
            else { throw EmbeddingModelError.malformed(path, "tensor \(name) has a bad shape or data_offsets") }
            let info = TensorInfo(name: name, dtype: dtype, shape: shape, byteRange: offsets[0]..<max(offsets[0], offsets[1]))
            guard offsets[0] >= 0, offsets[1] <= dataSize, info.byteRange.count == info.elementCount * dtype.size
            else { throw EmbeddingModelError.malformed(path, "tensor \(name) data lies outside the file or has the wrong size") }
            tensors.append(info)
        }
        tensors.sort { $0.name < $1.name }
        return (tensors, metadata, 8 + headerLength)
    }
}
