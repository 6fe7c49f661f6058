/// The integer and bit forms of an embedding (Cohere `embedding_types`, Titan v2 `embeddingTypes`).
///
/// * `int8`: symmetric per-vector scaling, `round(127 · x / max|x|)` in [-127, 127] (Cohere calibrates its
///   ranges server-side and does not publish them; per-vector scaling keeps cosine close to the float one).
/// * `uint8`: `int8 + 128`, in [1, 255].
/// * `ubinary`: one bit per dimension, `1` when `x > 0`, packed 8 per byte most significant bit first
///   (numpy `packbits`), as unsigned bytes: `d / 8` values in [0, 255].
/// * `binary`: the same bytes as signed values, `ubinary - 128`, in [-128, 127] (Cohere's convention).
/// * Titan `binary`: one 0/1 value per dimension, unpacked.
public enum EmbeddingQuantizer {
    public static func int8(_ v: [Float]) -> [Int] {
        let maxAbs = v.reduce(Float(0)) { max($0, abs($1)) }
        guard maxAbs > 0 else { return v.map { _ in 0 } }
        let scale = 127 / maxAbs
        return v.map { Int(max(-127, min(127, ($0 * scale).rounded()))) }
    }

    public static func uint8(_ v: [Float]) -> [Int] { int8(v).map { $0 + 128 } }

    public static func ubinary(_ v: [Float]) -> [Int] {
        stride(from: 0, to: v.count, by: 8).map { start in
            var byte = 0
            for bit in 0..<8 {
                byte <<= 1
                if start + bit < v.count, v[start + bit] > 0 { byte |= 1 }
            }
            return byte
        }
    }

    public static func binary(_ v: [Float]) -> [Int] { ubinary(v).map { $0 - 128 } }

    /// Titan v2 `binary`: 1 where the component is positive, else 0.
    public static func bits(_ v: [Float]) -> [Int] { v.map { $0 > 0 ? 1 : 0 } }
}
