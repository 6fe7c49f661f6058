import CBasaltKernels
import Foundation
import Testing
@testable import BasaltEngine

/// Products on SmolLM2's real matrices (Q4_1 576→576, 576→192, 576→1536, 1536→576 and the Q8_0 tied
/// output 576→49152) through `MatrixMultiplier` (thread row split, decode and prompt tilings, odd token
/// counts), checked against the dequantized weights times the activations as ggml's 8-bit blocks round them
/// (`ActivationRounding`), on
/// the AVX2 and the scalar paths.
@Suite("Products on model shapes", .serialized, .enabled(if: EngineFixtures.hasSmolLM))
struct ModelShapeProductTests {
    static let matrices = ["blk.3.attn_q.weight", "blk.3.attn_k.weight", "blk.3.ffn_gate.weight",
                           "blk.4.ffn_down.weight", "token_embd.weight"]

    @Test("fast products match dequantized weights times rounded activations", arguments: matrices)
    func products(name: String) throws {
        let matrix = try WeightMatrix(try EngineFixtures.smolLM.get(), name, columns: nil, rows: nil)
        let k = matrix.columns, tokens = 37
        // Deterministic heavy-tailed activations: a few large entries, as after SwiGLU.
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        let x: [Float] = (0..<(tokens * k)).map { i in
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let u = Float(seed >> 40) / Float(1 << 24) - 0.5
            return i % 97 == 5 ? u * 40 : u
        }
        let rows = stride(from: 0, to: matrix.rows, by: max(1, matrix.rows / 96)).map { $0 }
        var weights = [[Float]](repeating: [], count: rows.count)
        for (i, r) in rows.enumerated() {
            weights[i] = [Float](repeating: 0, count: k)
            weights[i].withUnsafeMutableBufferPointer { matrix.dequantizeRow(r, into: $0.baseAddress!) }
        }
        for scalar in [false, true] { KernelPath.run(scalar: scalar) {
            for n in [1, 3, 4, 6, tokens] {
                let output = FloatBuffer(n * matrix.rows)
                x.withUnsafeBufferPointer { input in
                    MatrixMultiplier(pool: WorkerPool(threads: 2))
                        .multiply([.init(matrix: matrix, output: output.pointer)],
                                  input: input.baseAddress!, inputStride: k, tokens: n)
                }
                var worst = 0.0
                for t in 0..<n {
                    for (i, r) in rows.enumerated() {
                        let (exact, magnitude) = ActivationRounding.product(
                            matrix, row: r, weights: weights[i], x: x[(t * k)..<((t + 1) * k)])
                        worst = max(worst, abs(Double(output.pointer[t * matrix.rows + r]) - exact) / magnitude)
                    }
                }
                #expect(worst < 1e-5, "\(name) scalar=\(scalar) n=\(n): worst relative error \(worst)")
            }
        } }
    }
}
