import CBasaltKernels

/// A 2-D weight tensor inside a mapped GGUF file: `rows` rows of `columns` elements of `type`.
public struct WeightMatrix: @unchecked Sendable {  // points into a read-only mapping that outlives it
    // @unchecked: `data` points into the read-only mapping of `file`, which this value keeps alive.

    public let name: String
    public let type: GGMLType
    public let rows: Int
    public let columns: Int
    /// Bytes between consecutive rows.
    public let rowBytes: Int
    let data: UnsafeRawPointer
    private let file: GGUFFile

    /// Looks up `name` in `file` and checks its type and shape (`[columns, rows]` in GGUF order;
    /// pass nil to accept any value for a dimension).
    public init(_ file: GGUFFile, _ name: String, columns: Int?, rows: Int?) throws {
        guard let info = file.tensor(name) else { throw GGUFError.missingTensor(name) }
        guard info.type.isSupported else { throw GGUFError.unsupportedTensorType(name, info.type) }
        let actualColumns = info.rowLength, actualRows = info.rowCount
        if (columns.map { $0 != actualColumns } ?? false) || (rows.map { $0 != actualRows } ?? false)
            || info.dimensions.count > 2 {
            throw GGUFError.shapeMismatch(name, expected: [columns ?? actualColumns, rows ?? actualRows],
                                          actual: info.dimensions)
        }
        guard let rowBytes = info.type.rowBytes(actualColumns) else {
            throw GGUFError.invalidTensor(name, "row length \(actualColumns) is not a multiple of the block size")
        }
        self.name = name
        self.type = info.type
        self.rows = actualRows
        self.columns = actualColumns
        self.rowBytes = rowBytes
        self.data = file.data(of: info)
        self.file = file
    }

    var typeID: Int32 { Int32(type.rawValue) }

    /// Bytes of one activation row prepared for this matrix's type.
    var activationRowBytes: Int { Int(bk_act_row_bytes(typeID, Int64(columns))) }

    /// Dequantizes row `row` into `output` (`columns` floats).
    public func dequantizeRow(_ row: Int, into output: UnsafeMutablePointer<Float>) {
        bk_dequantize_row(typeID, data + row * rowBytes, output, Int64(columns))
    }

    /// Reads a 1-D F32/F16/… tensor (e.g. a norm weight) as floats.
    static func vector(_ file: GGUFFile, _ name: String, count: Int) throws -> [Float] {
        guard let info = file.tensor(name) else { throw GGUFError.missingTensor(name) }
        guard info.elementCount == count else {
            throw GGUFError.shapeMismatch(name, expected: [count], actual: info.dimensions)
        }
        return try file.dequantize(info)
    }
}
