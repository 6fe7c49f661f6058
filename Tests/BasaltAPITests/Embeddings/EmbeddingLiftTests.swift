import Foundation
import Testing
@testable import BasaltAPI

@Suite struct EmbeddingLiftTests {
    static func randomVector(_ n: Int, _ rng: inout SplitMix64) -> [Float] {
        (0..<n).map { _ in Float(Double(rng.next() % 2_000_001) / 1_000_000 - 1) }
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        let dot = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let na = a.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        let nb = b.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        return dot / (na * nb)
    }

    @Test("columns are orthonormal for every output size ≥ 384", arguments: [384, 512, 1024, 1536])
    func orthonormalColumns(d: Int) {
        let lift = EmbeddingLift(from: 384, to: d)
        #expect(lift.isIsometry)
        // Gram matrix QᵀQ computed directly from the stored matrix must be the identity.
        var worst = 0.0
        for a in stride(from: 0, to: 384, by: 7) {
            for b in stride(from: a, to: 384, by: 5) {
                var g = 0.0
                for k in 0..<d { g += Double(lift.matrix[k * 384 + a]) * Double(lift.matrix[k * 384 + b]) }
                worst = max(worst, abs(g - (a == b ? 1 : 0)))
            }
        }
        #expect(worst < 1e-5)
    }

    @Test("cosine similarity and norms are preserved", arguments: [512, 1024, 1536])
    func preservesCosine(d: Int) {
        var rng = SplitMix64(seed: 7)
        let lift = EmbeddingLift.shared(from: 384, to: d)
        for _ in 0..<20 {
            let a = Self.randomVector(384, &rng), b = Self.randomVector(384, &rng)
            let la = lift.apply(a), lb = lift.apply(b)
            #expect(la.count == d)
            #expect(abs(Self.cosine(a, b) - Self.cosine(la, lb)) < 1e-5)
            let n0 = a.reduce(0.0) { $0 + Double($1) * Double($1) }, n1 = la.reduce(0.0) { $0 + Double($1) * Double($1) }
            #expect(abs(n0 - n1) / n0 < 1e-5)
            // Energy is spread over the output, not copied into the first 384 slots.
            #expect(la[384...].contains { abs($0) > 1e-3 })
        }
    }

    @Test("fixed: the same matrix on every build; a different seed gives a different one")
    func deterministic() {
        #expect(EmbeddingLift(from: 384, to: 1024) == EmbeddingLift.shared(from: 384, to: 1024))
        #expect(EmbeddingLift(from: 384, to: 1024, seed: 1).matrix != EmbeddingLift(from: 384, to: 1024).matrix)
    }

    @Test("reduction to 256 is an orthogonal projection (orthonormal rows)")
    func projection() {
        let lift = EmbeddingLift(from: 384, to: 256)
        #expect(!lift.isIsometry)
        for a in stride(from: 0, to: 256, by: 17) {
            for b in stride(from: a, to: 256, by: 23) {
                var g = 0.0
                for j in 0..<384 { g += Double(lift.matrix[a * 384 + j]) * Double(lift.matrix[b * 384 + j]) }
                #expect(abs(g - (a == b ? 1 : 0)) < 1e-5)
            }
        }
        var rng = SplitMix64(seed: 3)
        let v = lift.apply(Self.randomVector(384, &rng), normalize: true)
        #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
    }

    @Test("quantizers: int8 range, uint8 offset, MSB-first bit packing")
    func quantizers() {
        var v: [Float] = [0.5, -0.25, 0.1, 0.2, -0.3, -0.01, 0, 0.4]  // bits 1 0 1 1 0 0 0 1 = 0b10110001 = 177
        v += [Float](repeating: -1, count: 7) + [2]  // 0b00000001 = 1
        #expect(EmbeddingQuantizer.ubinary(v) == [177, 1])
        #expect(EmbeddingQuantizer.binary(v) == [49, -127])
        #expect(EmbeddingQuantizer.bits(Array(v.prefix(8))) == [1, 0, 1, 1, 0, 0, 0, 1])
        let q = EmbeddingQuantizer.int8(v)
        #expect(q.max() == 127 && q.min() == -64)  // 2 → 127, -1 → -63.5 → -64
        #expect(q[0] == 32)  // 0.5 · 127/2 = 31.75
        #expect(EmbeddingQuantizer.uint8(v) == q.map { $0 + 128 })
    }
}
