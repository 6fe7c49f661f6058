import Foundation
@testable import BasaltEngine

/// The products the kernels are meant to compute, in float64, from the definition of ggml's activation
/// blocks rather than from the kernels' code:
/// - weights in blocks of 32 (Q4_0 … Q8_0) meet Q8_0/Q8_1 activation blocks: quants round(x · 127/amax) (ties
///   to even), scale F16(amax/127), and for the weight types with an offset (Q4_0/Q5_0: -8 d / -16 d, Q4_1/Q5_1:
///   m) the block sum s = F16(amax/127 · Σq), which the offset multiplies instead of the sum of the rounded
///   activations;
/// - K-quants meet Q8_K blocks of 256: float scale amax/127, quants round(x / scale);
/// - float weights meet the activations as they are.
enum ActivationRounding {
    /// dot(W[row], x) as defined above, and Σ|w·x| as the scale for a relative tolerance.
    static func product(_ matrix: WeightMatrix, row: Int, weights: [Float], x: ArraySlice<Float>)
        -> (exact: Double, magnitude: Double) {
        let x = Array(x)
        switch matrix.type {
        case .q4_0, .q4_1, .q5_0, .q5_1, .q8_0:
            var exact = 0.0, magnitude = 0.0
            for b in 0..<(x.count / 32) {
                let block = Array(x[(b * 32)..<(b * 32 + 32)])
                let amax = block.map(abs).max()!
                let d = amax / 127, inverse: Float = amax == 0 ? 0 : 127 / amax
                let d16 = Double(Float(Float16(d)))
                let q = block.map { ($0 * inverse).rounded(.toNearestOrEven) }
                for j in 0..<32 {
                    let term = Double(weights[b * 32 + j]) * Double(q[j]) * d16
                    exact += term
                    magnitude += abs(term)
                }
                let sum = q.reduce(0, +)
                let s16 = Double(Float(Float16(d * sum)))
                exact += offset(matrix, row: row, block: b) * (s16 - d16 * Double(sum))
            }
            return (exact, magnitude)
        case .q4_K, .q5_K, .q6_K:
            var exact = 0.0, magnitude = 0.0
            for start in stride(from: 0, to: x.count, by: 256) {
                let d = x[start..<(start + 256)].map(abs).max()! / 127
                let inverse: Float = d == 0 ? 0 : 1 / d
                for i in start..<(start + 256) {
                    let term = Double(weights[i]) * Double((x[i] * inverse).rounded(.toNearestOrEven)) * Double(d)
                    exact += term
                    magnitude += abs(term)
                }
            }
            return (exact, magnitude)
        default:
            let terms = zip(weights, x).map { Double($0) * Double($1) }
            return (terms.reduce(0, +), terms.map(abs).reduce(0, +))
        }
    }

    /// The value a quant of 0 stands for in weight block `block` of `row` (ggml block layouts: F16 d first,
    /// then F16 m for the `_1` types).
    static func offset(_ matrix: WeightMatrix, row: Int, block: Int) -> Double {
        let blockBytes: Int
        switch matrix.type {
        case .q4_0: blockBytes = 18
        case .q4_1: blockBytes = 20
        case .q5_0: blockBytes = 22
        case .q5_1: blockBytes = 24
        default: return 0
        }
        let base = matrix.data + row * matrix.rowBytes + block * blockBytes
        let d = Double(Float(Float16(bitPattern: base.loadUnaligned(as: UInt16.self))))
        switch matrix.type {
        case .q4_0: return -8 * d
        case .q5_0: return -16 * d
        default: return Double(Float(Float16(bitPattern: base.loadUnaligned(fromByteOffset: 2, as: UInt16.self))))
        }
    }
}
