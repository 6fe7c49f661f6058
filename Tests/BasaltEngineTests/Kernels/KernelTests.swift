import CBasaltKernels
import Foundation
import Testing
@testable import BasaltEngine

/// Dequantization and products of every supported type against the gguf package's dequantizer
/// (products: against the dequantized weights times the activations as ggml's 8-bit blocks round them)
/// (fixture written by make_quant_fixtures.py), on the AVX2 and the scalar paths.
@Suite("Kernels", .serialized)
struct KernelTests {
    static let types: [GGMLType] = [.f32, .f16, .bf16, .q8_0, .q4_0, .q4_1, .q5_0, .q5_1, .q4_K, .q5_K, .q6_K]

    @Test("dequantization matches the reference", arguments: types)
    func dequantize(type: GGMLType) throws {
        let file = try EngineFixtures.quantFixture.get()
        let info = try #require(file.tensor("w.\(type)"))
        #expect(info.type == type)
        let actual = try file.dequantize(info)
        let expected = try file.dequantize(try #require(file.tensor("ref.\(type)")))
        #expect(actual.count == expected.count)
        let scale = expected.map(abs).max() ?? 1
        let worst = zip(actual, expected).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= 1e-6 * scale, "max diff \(worst) (scale \(scale))")
        let matrix = try WeightMatrix(file, "w.\(type)", columns: 512, rows: 6)
        var row = [Float](repeating: 0, count: 512)
        row.withUnsafeMutableBufferPointer { matrix.dequantizeRow(5, into: $0.baseAddress!) }
        #expect(Array(expected[(5 * 512)..<(6 * 512)]) == row)
    }

    @Test("matrix products match dequantized dot products", arguments: types)
    func products(type: GGMLType) throws {
        let file = try EngineFixtures.quantFixture.get()
        let matrix = try WeightMatrix(file, "w.\(type)", columns: 512, rows: 6)
        let weights = try file.dequantize(try #require(file.tensor("ref.\(type)")))
        let x = try file.dequantize(try #require(file.tensor("x")))
        for scalar in [false, true] { KernelPath.run(scalar: scalar) {
            for tokens in [1, 2, 3, 4, 5, 9] {
                let output = FloatBuffer(tokens * 6)
                let multiplier = MatrixMultiplier(pool: WorkerPool(threads: 2))
                x.withUnsafeBufferPointer { input in
                    multiplier.multiply([.init(matrix: matrix, output: output.pointer)],
                                        input: input.baseAddress!, inputStride: 512, tokens: tokens)
                }
                for t in 0..<tokens {
                    for r in 0..<6 {
                        let (exact, magnitude) = ActivationRounding.product(
                            matrix, row: r, weights: Array(weights[(r * 512)..<(r * 512 + 512)]),
                            x: x[(t * 512)..<(t * 512 + 512)])
                        let got = Double(output.pointer[t * 6 + r])
                        #expect(abs(got - exact) <= 1e-5 * magnitude + 1e-6,
                                "\(type) scalar=\(scalar) n=\(tokens) t=\(t) r=\(r): \(got) vs \(exact)")
                    }
                }
            }
        } }
    }

    @Test("f16 conversion agrees with Swift's Float16")
    func halfConversion() {
        var values: [Float] = [0, -0, 1, -1, 65504, 65520, 1e-8, 6e-8, 5.96e-8, 1e-5, -3.14159, .infinity, -.infinity]
        var seed: UInt64 = 42
        for _ in 0..<10_000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            values.append(Float(bitPattern: UInt32(truncatingIfNeeded: seed >> 32)))
        }
        for v in values where !v.isNaN {
            let expected = Float16(v)
            #expect(bk_f32_to_f16(v) == expected.bitPattern, "\(v)")
            #expect(bk_f16_to_f32(expected.bitPattern) == Float(expected), "\(v)")
        }
        let row: [Float] = (0..<37).map { Float($0) * 0.37 - 5 }
        var out = [UInt16](repeating: 0, count: row.count)
        bk_f32_to_f16_row(row, &out, Int64(row.count))
        #expect(out == row.map { Float16($0).bitPattern })
        #expect(bk_f16_to_f32(0x7E00).isNaN)
    }

    @Test("attention matches a direct softmax computation", arguments: [false, true])
    func attention(halfPrecision: Bool) {
        let headDim = 64, positions = 13, stride = 3 * headDim
        var seed: UInt64 = 7
        func rand() -> Float {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: seed >> 11) % 2000) / 1000 - 1
        }
        let q = (0..<headDim).map { _ in rand() }
        var k = (0..<(positions * stride)).map { _ in rand() }, v = (0..<(positions * stride)).map { _ in rand() }
        if halfPrecision {  // the reference sees the same rounded values
            k = k.map { Float(Float16($0)) }
            v = v.map { Float(Float16($0)) }
        }
        let scale: Float = 0.125
        var scores = (0..<positions).map { p in Double((0..<headDim).map { q[$0] * k[p * stride + $0] }.reduce(0, +) * scale) }
        let m = scores.max()!
        scores = scores.map { exp($0 - m) }
        let total = scores.reduce(0, +)
        let expected = (0..<headDim).map { i in (0..<positions).map { scores[$0] / total * Double(v[$0 * stride + i]) }.reduce(0, +) }
        var out = [Float](repeating: 0, count: headDim), scratch = [Float](repeating: 0, count: positions)
        for scalar in [false, true] { KernelPath.run(scalar: scalar) {
            if halfPrecision {
                let kh = k.map { Float16($0).bitPattern }, vh = v.map { Float16($0).bitPattern }
                bk_attention(q, kh, vh, 1, Int64(stride), Int64(positions), Int64(headDim), scale, &scratch, &out)
            } else {
                bk_attention(q, k, v, 0, Int64(stride), Int64(positions), Int64(headDim), scale, &scratch, &out)
            }
            for i in 0..<headDim { #expect(abs(Double(out[i]) - expected[i]) < 1e-5) }
        } }
    }

    @Test("worker pool visits every index exactly once")
    func workerPool() {
        let pool = WorkerPool(threads: 2)
        for (count, chunk) in [(1, 1), (7, 3), (1000, 1), (4096, 17)] {
            let hits = UnsafeMutablePointer<Int>.allocate(capacity: count)
            hits.initialize(repeating: 0, count: count)
            pool.parallelFor(count: count, chunk: chunk) { range, thread in
                #expect(thread >= 0 && thread < 2)
                for i in range { hits[i] += 1 }
            }
            #expect((0..<count).allSatisfy { hits[$0] == 1 })
            hits.deallocate()
        }
    }
}
