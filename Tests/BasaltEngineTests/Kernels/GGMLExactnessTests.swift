import CBasaltKernels
import Foundation
import Testing
@testable import BasaltEngine

/// The AVX2 products against values computed by ggml itself, and batch invariance on every path.
///
/// Golden values (`GGMLGoldenProducts.swift`) were printed by `benchmarks/engine/reference/ggml_check_matmul.c
/// --golden`: ggml's CPU backend (llama.cpp as vendored by llama-cpp-python 0.3.36) multiplying the first 48 rows
/// of three SmolLM2 tensors by three columns of a seeded activation sequence, which `goldenActivations`
/// reproduces bit for bit. The harness itself compares every output of many more shapes and column counts.
@Suite("Products bit-exact with ggml", .serialized, .enabled(if: EngineFixtures.hasSmolLM))
struct GGMLExactnessTests {
    static let goldenTensors = ["blk.3.attn_q.weight", "blk.4.ffn_down.weight", "token_embd.weight"]

    /// The harness's `golden_activations`: an LCG, (u mod 2001 - 1000) / 1000, every 97th value 40x larger.
    static func goldenActivations(count: Int) -> [Float] {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { i in
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let u = Float(Int64((seed >> 33) % 2001) - 1000) / 1000
            return i % 97 == 5 ? u * 40 : u
        }
    }

    static func multiply(_ matrix: WeightMatrix, _ x: [Float], tokens: Int, threads: Int = 2) -> [Float] {
        let output = FloatBuffer(tokens * matrix.rows)
        x.withUnsafeBufferPointer { input in
            MatrixMultiplier(pool: WorkerPool(threads: threads))
                .multiply([.init(matrix: matrix, output: output.pointer)], input: input.baseAddress!,
                          inputStride: matrix.columns, tokens: tokens)
        }
        return Array(UnsafeBufferPointer(start: output.pointer, count: tokens * matrix.rows))
    }

    /// Only on AVX2: the portable path is not meant to match ggml bitwise.
    @Test("AVX2 products equal ggml's bit for bit", .enabled(if: bk_has_avx2() != 0), arguments: goldenTensors)
    func golden(name: String) throws {
        let matrix = try WeightMatrix(try EngineFixtures.smolLM.get(), name, columns: nil, rows: nil)
        let expected = try #require(GGMLGoldenProducts.values[name])
        let rows = GGMLGoldenProducts.rows, columns = GGMLGoldenProducts.columns
        let k = matrix.columns
        // 1, 3 and 9 tokens take the one-token, the grouped and the group-of-eight-plus-one code paths; the
        // first three columns of the longer sequence are the golden ones.
        for tokens in [1, 3, 9] {
            let x = Self.goldenActivations(count: k * max(tokens, columns))
            var got = [Float]()
            if tokens == 1 {
                for t in 0..<columns {
                    got += Self.multiply(matrix, Array(x[(t * k)..<((t + 1) * k)]), tokens: 1)
                }
            } else {
                got = Self.multiply(matrix, x, tokens: tokens)
            }
            var mismatches: [String] = []
            for t in 0..<columns {
                for r in 0..<rows {
                    let want = Float(bitPattern: expected[t * rows + r]), have = got[t * matrix.rows + r]
                    if have.bitPattern != want.bitPattern { mismatches.append("r\(r) t\(t): \(have) vs ggml \(want)") }
                }
            }
            #expect(mismatches.count == 0, "\(name), \(tokens) tokens: e.g. \(mismatches.prefix(3))")
        }
    }

    @Test("each token's products are bitwise independent of the batch", arguments: ["blk.3.attn_k.weight",
                                                                                     "token_embd.weight"])
    func batchInvariance(name: String) throws {
        let matrix = try WeightMatrix(try EngineFixtures.smolLM.get(), name, columns: nil, rows: nil)
        let k = matrix.columns, longest = 33
        let x = Self.goldenActivations(count: k * longest)
        for scalar in [false, true] { KernelPath.run(scalar: scalar) {
            let alone = (0..<longest).map { t in Self.multiply(matrix, Array(x[(t * k)..<((t + 1) * k)]), tokens: 1, threads: 1) }
            for tokens in [2, 3, 4, 5, 7, 8, 9, 16, 17, longest] {
                let batch = Self.multiply(matrix, Array(x[0..<(tokens * k)]), tokens: tokens)
                var differing = 0
                for t in 0..<tokens {
                    for r in 0..<matrix.rows where batch[t * matrix.rows + r].bitPattern != alone[t][r].bitPattern {
                        differing += 1
                    }
                }
                #expect(differing == 0, "\(name) scalar=\(scalar) n=\(tokens): \(differing) outputs differ from n=1")
            }
        } }
    }
}
