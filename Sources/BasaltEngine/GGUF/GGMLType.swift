import CBasaltKernels

/// A tensor element type, by its GGML type number. Unknown numbers are kept (the file still parses);
/// `isSupported` tells whether the kernels can use it.
public struct GGMLType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let f32 = GGMLType(rawValue: 0)
    public static let f16 = GGMLType(rawValue: 1)
    public static let q4_0 = GGMLType(rawValue: 2)
    public static let q4_1 = GGMLType(rawValue: 3)
    public static let q5_0 = GGMLType(rawValue: 6)
    public static let q5_1 = GGMLType(rawValue: 7)
    public static let q8_0 = GGMLType(rawValue: 8)
    public static let q2_K = GGMLType(rawValue: 10)
    public static let q3_K = GGMLType(rawValue: 11)
    public static let q4_K = GGMLType(rawValue: 12)
    public static let q5_K = GGMLType(rawValue: 13)
    public static let q6_K = GGMLType(rawValue: 14)
    public static let bf16 = GGMLType(rawValue: 30)

    private static let names: [UInt32: String] = [
        0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 6: "Q5_0", 7: "Q5_1", 8: "Q8_0", 9: "Q8_1",
        10: "Q2_K", 11: "Q3_K", 12: "Q4_K", 13: "Q5_K", 14: "Q6_K", 15: "Q8_K", 16: "IQ2_XXS",
        17: "IQ2_XS", 18: "IQ3_XXS", 19: "IQ1_S", 20: "IQ4_NL", 21: "IQ3_S", 22: "IQ2_S", 23: "IQ4_XS",
        24: "I8", 25: "I16", 26: "I32", 27: "I64", 28: "F64", 29: "IQ1_M", 30: "BF16", 34: "TQ1_0", 35: "TQ2_0",
        39: "MXFP4",
    ]

    /// The ggml name (`Q4_1`, `F16`…) or `type N` when unknown.
    public var description: String { Self.names[rawValue] ?? "type \(rawValue)" }

    /// True when the kernels dequantize and multiply this type.
    public var isSupported: Bool { bk_type_supported(Int32(rawValue)) != 0 }

    /// Elements per quantization block (1 for float types); 0 when unsupported.
    public var blockElements: Int { Int(bk_block_elements(Int32(rawValue))) }

    /// Bytes of a row of `count` elements; nil when unsupported or `count` is not a whole number of blocks.
    public func rowBytes(_ count: Int) -> Int? {
        let block = blockElements
        guard block > 0, count % block == 0 else { return nil }
        return Int(bk_row_bytes(Int32(rawValue), Int64(count)))
    }
}
