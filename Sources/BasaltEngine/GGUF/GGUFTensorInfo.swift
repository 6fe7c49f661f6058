/// A tensor's entry in the GGUF header.
public struct GGUFTensorInfo: Sendable, Hashable {
    public var name: String
    /// Dimensions in GGUF (ggml) order: `dimensions[0]` is the row length (fastest-varying).
    public var dimensions: [Int]
    public var type: GGMLType
    /// Offset of the data from the start of the tensor-data section.
    public var offset: Int

    public var elementCount: Int { dimensions.reduce(1, *) }
    /// Elements per row (`dimensions[0]`).
    public var rowLength: Int { dimensions.first ?? 1 }
    /// Number of rows (product of the other dimensions).
    public var rowCount: Int { dimensions.dropFirst().reduce(1, *) }
    /// Bytes of the data, or nil for types the kernels do not know.
    public var byteCount: Int? { type.rowBytes(rowLength).map { $0 * rowCount } }
}
