import CBasaltKernels

/// Number format of the encoder's dense-layer weights.
public enum EncoderPrecision: String, Sendable, Hashable, CaseIterable {
    /// The checkpoint's weights as F32 (reference accuracy).
    case f32
    /// Dense-layer weights quantized at load time to Q8_0 (blocks of 32 int8 with an F16 scale) and activations
    /// to 8-bit blocks, multiplied with the integer kernels: faster (see benchmarks/embeddings), cosine to the F32
    /// vectors 0.9992–0.9998 on the reference texts.
    case q8_0
}

/// An owned block of quantized weight rows (`rows` rows of `rowBytes` bytes).
final class QuantizedRows {
    let pointer: UnsafeMutableRawPointer
    let rowBytes: Int
    let typeID: Int32

    /// Quantizes the row-major F32 matrix `values` (`rows × columns`, `columns` a multiple of 32) to Q8_0:
    /// per block of 32, `d = max|x| / 127` stored as F16 and `q = round(x / d)`.
    init(q8_0 values: UnsafePointer<Float>, rows: Int, columns: Int) {
        precondition(columns % 32 == 0, "Q8_0 needs rows that are a multiple of 32")
        typeID = Int32(BK_Q8_0.rawValue)
        rowBytes = Int(bk_row_bytes(typeID, Int64(columns)))
        precondition(rowBytes == columns / 32 * 34)
        pointer = .allocate(byteCount: rows * rowBytes, alignment: 64)
        for r in 0..<rows {
            for b in 0..<(columns / 32) {
                let x = values + r * columns + b * 32
                let block = pointer + r * rowBytes + b * 34
                var amax: Float = 0
                for i in 0..<32 { amax = max(amax, abs(x[i])) }
                let d = amax / 127
                let dBits = bk_f32_to_f16(d)
                block.storeBytes(of: dBits, as: UInt16.self)
                let inv = d > 0 ? 1 / bk_f16_to_f32(dBits) : 0
                let qs = (block + 2).assumingMemoryBound(to: Int8.self)
                for i in 0..<32 { qs[i] = Int8(max(-127, min(127, (x[i] * inv).rounded()))) }
            }
        }
    }

    deinit { pointer.deallocate() }
}
