import Foundation
import Synchronization

/// A fixed linear map from a backend's native embedding space (e.g. 384-d MiniLM) to the dimension a wire
/// format promises (Titan 1536/1024/512/256, Cohere 1024).
///
/// Construction (deterministic, no stored tables): let `m` be the native and `d` the output dimension and
/// `n = max(m, d)`. A SplitMix64 stream seeded with `seed` picks a random injection `π: [0, m) → [0, n)`
/// (the first `m` entries of a Fisher–Yates shuffle of `0..<n`) and random signs `s_j = ±1`. With `C` the
/// orthonormal DCT-II matrix of size `n` (`C[k][i] = α_k cos(π (2i + 1) k / 2n)`, `α_0 = √(1/n)`,
/// `α_k = √(2/n)`), the lift is `Q[k][j] = C[k][π(j)] · s_j` for output rows `k < d`.
///
/// For `d ≥ m` the columns of `Q` are orthonormal (a signed selection of columns of an orthogonal matrix), so
/// `⟨Qx, Qy⟩ = ⟨x, y⟩`: dot products, norms and cosine similarities are preserved exactly (up to float
/// rounding), while every output coordinate mixes the input coordinates. For `d < m` (Titan v2 `256`) the
/// rows are orthonormal instead: `Q` is an orthogonal projection onto a fixed `d`-dimensional subspace, which
/// preserves cosines only approximately (the caller re-normalises when asked).
public struct EmbeddingLift: Sendable, Hashable {
    /// Seed of the fixed random signs and placement ("BASALT" in ASCII).
    public static let seed: UInt64 = 0x4241_5341_4C54

    public let inputDimension: Int
    public let outputDimension: Int
    /// Row-major `[outputDimension, inputDimension]`.
    public let matrix: [Float]

    /// Whether the lift preserves inner products exactly (`outputDimension ≥ inputDimension`).
    public var isIsometry: Bool { outputDimension >= inputDimension }

    /// Builds the lift (O(d·m) cosines; use `shared(from:to:)` to reuse one).
    public init(from m: Int, to d: Int, seed: UInt64 = EmbeddingLift.seed) {
        precondition(m > 0 && d > 0)
        let n = max(m, d)
        var rng = SplitMix64(seed: seed ^ (UInt64(m) << 32) ^ UInt64(n))
        var order = Array(0..<n)
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = Int(rng.next() % UInt64(i + 1))
            order.swapAt(i, j)
        }
        let signs: [Double] = (0..<m).map { _ in rng.next() & 1 == 0 ? 1 : -1 }
        var q = [Float](repeating: 0, count: d * m)
        let nD = Double(n)
        for k in 0..<d {
            let alpha = k == 0 ? (1 / nD).squareRoot() : (2 / nD).squareRoot()
            for j in 0..<m {
                let i = Double(order[j])
                q[k * m + j] = Float(alpha * cos(Double.pi * (2 * i + 1) * Double(k) / (2 * nD)) * signs[j])
            }
        }
        inputDimension = m
        outputDimension = d
        matrix = q
    }

    /// `Q x`, optionally scaled to unit length.
    public func apply(_ x: [Float], normalize: Bool = false) -> [Float] {
        precondition(x.count == inputDimension, "vector has \(x.count) dimensions, lift expects \(inputDimension)")
        var y = [Float](repeating: 0, count: outputDimension)
        matrix.withUnsafeBufferPointer { q in
            for k in 0..<outputDimension {
                var s: Float = 0
                let row = k * inputDimension
                for j in 0..<inputDimension { s += q[row + j] * x[j] }
                y[k] = s
            }
        }
        if normalize {
            let norm = y.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { y = y.map { $0 / norm } }
        }
        return y
    }

    private static let cache = Mutex<[Int: EmbeddingLift]>([:])

    /// The lift `m → d` with the default seed, built once per process and pair of dimensions.
    public static func shared(from m: Int, to d: Int) -> EmbeddingLift {
        let key = m << 32 | d
        if let lift = cache.withLock({ $0[key] }) { return lift }
        let lift = EmbeddingLift(from: m, to: d)
        cache.withLock { $0[key] = lift }
        return lift
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fully specified 64-bit generator, so the lift is the same
/// on every platform and release.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
