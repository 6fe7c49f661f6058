import CBasaltKernels
import Foundation
import Testing

/// The element-wise and attention kernels of the llama forward pass against ggml's own outputs
/// (`GGMLGolden`, written by benchmarks/engine/reference/ggml_check_ops.c from llama.cpp's CPU backend):
/// bit for bit on the AVX2 path, within float rounding distance on the scalar path; and the attention
/// kernels against a float64 softmax(QK)V, which holds on either path.
@Suite("ggml-exact element-wise and attention kernels", .serialized)
struct GGMLExactOpsTests {
    static func tensor(_ name: String) -> [Float] {
        guard let text = GGMLGolden.tensors[name], let data = Data(base64Encoded: text) else {
            Issue.record("fixture tensor \(name) missing")
            return []
        }
        return data.withUnsafeBytes { raw in
            (0..<data.count / 4).map { Float(bitPattern: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)) }
        }
    }

    /// Number of differing bit patterns, and the largest absolute difference.
    static func compare(_ a: [Float], _ b: [Float]) -> (differing: Int, maxDiff: Float) {
        #expect(a.count == b.count)
        var differing = 0, maxDiff: Float = 0
        for (x, y) in zip(a, b) where x.bitPattern != y.bitPattern {
            differing += 1
            maxDiff = max(maxDiff, abs(x - y))
        }
        return (differing, maxDiff)
    }

    /// Bit-exact on the AVX2 path; within `tolerance` on the scalar one.
    static func check(_ name: String, ours: [Float], scalar: Bool, tolerance: Float) {
        let (differing, maxDiff) = compare(tensor(name), ours)
        if scalar || bk_has_avx2() == 0 {
            #expect(maxDiff <= tolerance, "\(name): max |diff| \(maxDiff) on the scalar path")
        } else {
            #expect(differing == 0, "\(name): \(differing) values differ from ggml (max |diff| \(maxDiff))")
        }
    }

    @Test("RMS norm times weight", arguments: [false, true])
    func rmsNorm(scalar: Bool) {
        let x = Self.tensor("rms_x"), w = Self.tensor("rms_w")
        var y = [Float](repeating: 0, count: x.count)
        KernelPath.run(scalar: scalar) { bk_rmsnorm(x, w, &y, Int64(x.count), 1e-5) }
        Self.check("rms_y", ours: y, scalar: scalar, tolerance: 0)  // one code path: exact either way
    }

    @Test("RoPE (adjacent pairs, base 100000) at positions 1000, 1509, 2018, 2527", arguments: [false, true])
    func rope(scalar: Bool) {
        var x = Self.tensor("rope_x")
        var cosT = [Float](repeating: 0, count: 32), sinT = cosT
        KernelPath.run(scalar: scalar) {
            for t in 0..<4 {
                bk_rope_table(Int64(1000 + 509 * t), 64, 100_000, 1, 0, 1, 0, 0, nil, &cosT, &sinT)
                x.withUnsafeMutableBufferPointer { p in
                    for h in 0..<3 { bk_rope(p.baseAddress! + (t * 3 + h) * 64, 64, cosT, sinT, 0) }
                }
            }
        }
        Self.check("rope_y", ours: x, scalar: scalar, tolerance: 1e-5)
    }

    @Test("SwiGLU, including ggml_v_expf's large-argument path", arguments: [false, true])
    func swiglu(scalar: Bool) {
        for prefix in ["swiglu", "swiglu60"] {
            var g = Self.tensor(prefix + "_g")
            let u = Self.tensor(prefix + "_u")
            KernelPath.run(scalar: scalar) { bk_silu_mul(&g, u, Int64(g.count)) }
            // ggml_v_expf is within 2 ulp of expf; relative to the values, 1e-5 is loose enough.
            let y = Self.tensor(prefix + "_y"), scale = y.map(abs).max() ?? 1
            Self.check(prefix + "_y", ours: g, scalar: scalar, tolerance: 1e-5 * scale)
        }
    }

    /// The fixture's cache as F16 (its values are F16 already) and 3 query heads sharing one KV head of 64.
    private static func cache(_ prefix: String) -> (k: [UInt16], v: [UInt16], positions: Int) {
        let kf = tensor(prefix + "_k"), vf = tensor(prefix + "_v")
        var k = [UInt16](repeating: 0, count: kf.count), v = k
        bk_f32_to_f16_row(kf, &k, Int64(kf.count))
        bk_f32_to_f16_row(vf, &v, Int64(vf.count))
        return (k, v, kf.count / 64)
    }

    /// softmax(scale q.K[0..<n]) V[0..<n] in float64.
    private static func reference(_ q: ArraySlice<Float>, _ kf: [Float], _ vf: [Float], positions n: Int) -> [Double] {
        let q = Array(q)
        let scores = (0..<n).map { p in (0..<64).reduce(0.0) { $0 + Double(q[$1]) * Double(kf[p * 64 + $1]) } / 8 }
        let m = scores.max()!
        let e = scores.map { Foundation.exp($0 - m) }, sum = e.reduce(0, +)
        return (0..<64).map { d in (0..<n).reduce(0.0) { $0 + e[$1] * Double(vf[$1 * 64 + d]) } / sum }
    }

    @Test("flash attention, decode form (F16 accumulator), 41 positions", arguments: [false, true])
    func decodeAttention(scalar: Bool) {
        let (k, v, n) = Self.cache("fa_decode")
        let q = Self.tensor("fa_decode_q")
        var out = [Float](repeating: 0, count: q.count)
        KernelPath.run(scalar: scalar) { bk_flash_attention_decode(q, 3, k, v, 64, Int64(n), 64, 0.125, 0, &out) }
        Self.check("fa_decode_out", ours: out, scalar: scalar, tolerance: 2e-3)
        for h in 0..<3 {
            let exact = Self.reference(q[h * 64..<(h + 1) * 64], Self.tensor("fa_decode_k"), Self.tensor("fa_decode_v"), positions: n)
            let err = zip(exact, out[h * 64..<(h + 1) * 64]).map { abs($0 - Double($1)) }.max()!
            #expect(err < 3e-3, "head \(h): |diff| \(err) from float64")  // F16 Q and F16 running sum
        }
    }

    @Test("flash attention, prompt form (tiles of 64 positions), positions 67...69 of 70", arguments: [false, true])
    func tiledAttention(scalar: Bool) {
        let (k, v, n) = Self.cache("fa_tiled")
        let q = Self.tensor("fa_tiled_q")  // 3 tokens x 3 heads x 64
        let stride = (n + 63) / 64 * 64
        var kt = [Float](repeating: .nan, count: 64 * stride), out = [Float](repeating: 0, count: q.count)
        KernelPath.run(scalar: scalar) {
            bk_transpose_keys(k, 64, Int64(n), 64, &kt, Int64(stride))
            for t in 0..<3 {
                q.withUnsafeBufferPointer { qp in
                    out.withUnsafeMutableBufferPointer { op in
                        bk_flash_attention_tiled(qp.baseAddress! + t * 192, 3, kt, Int64(stride), v, 64, Int64(n - 2 + t),
                                                 64, 0.125, op.baseAddress! + t * 192)
                    }
                }
            }
        }
        Self.check("fa_tiled_out", ours: out, scalar: scalar, tolerance: 1e-5)
        let kf = Self.tensor("fa_tiled_k"), vf = Self.tensor("fa_tiled_v")
        for t in 0..<3 {
            for h in 0..<3 {
                let o = (t * 3 + h) * 64
                let exact = Self.reference(q[o..<o + 64], kf, vf, positions: n - 2 + t)
                let err = zip(exact, out[o..<o + 64]).map { abs($0 - Double($1)) }.max()!
                #expect(err < 1e-5, "token \(t) head \(h): |diff| \(err) from float64")
            }
        }
    }

    /// ggml's split-KV form (bit-exactness is checked by ggml_check_ops against ggml itself, which needs
    /// 257+ positions): one chunk is the plain decode form bit for bit, and chunks of 16 stay within the
    /// decode form's distance of float64.
    @Test("flash attention, split-KV decode form", arguments: [false, true])
    func splitAttention(scalar: Bool) {
        let (k, v, n) = Self.cache("fa_decode")
        let q = Self.tensor("fa_decode_q")
        var plain = [Float](repeating: 0, count: q.count), oneChunk = plain, split = plain
        KernelPath.run(scalar: scalar) {
            bk_flash_attention_decode(q, 3, k, v, 64, Int64(n), 64, 0.125, 0, &plain)
            bk_flash_attention_decode(q, 3, k, v, 64, Int64(n), 64, 0.125, Int64(n), &oneChunk)
            bk_flash_attention_decode(q, 3, k, v, 64, Int64(n), 64, 0.125, 16, &split)
        }
        #expect(plain.map(\.bitPattern) == oneChunk.map(\.bitPattern))
        for h in 0..<3 {
            let exact = Self.reference(q[h * 64..<(h + 1) * 64], Self.tensor("fa_decode_k"), Self.tensor("fa_decode_v"), positions: n)
            let err = zip(exact, split[h * 64..<(h + 1) * 64]).map { abs($0 - Double($1)) }.max()!
            #expect(err < 3e-3, "head \(h): |diff| \(err) from float64")
        }
    }
}
