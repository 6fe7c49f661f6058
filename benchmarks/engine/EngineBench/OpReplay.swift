import BasaltEngine
import CBasaltKernels
import Foundation

/// Second part of `layers`: each of Basalt's element-wise and attention kernels replayed on llama.cpp's own
/// inputs of the same layer (so matrix-product differences upstream do not hide them), compared bit for
/// bit with llama.cpp's output of that operation: RMS norms, RoPE of Q and K, flash attention, SwiGLU and
/// the residual additions, for every layer.
enum OpReplay {
    typealias Tensors = [String: [LayerComparison.Recorded]]

    /// `r` holds one forward pass of `n` tokens at positions `offset...`; `past` (for a pass after the prompt)
    /// holds the pass that filled positions 0..<offset, whose keys and values the attention reads too.
    static func run(_ file: GGUFFile, config c: LlamaConfig, reference r: Tensors, tokens n: Int, offset: Int = 0,
                    past: Tensors? = nil) throws {
        var exact = 0, total = 0
        func check(_ name: String, _ expected: [Float], _ ours: [Float]) {
            total += 1
            let count = min(expected.count, ours.count)
            let e = expected.suffix(count), o = ours.suffix(count)
            let differing = zip(e, o).filter { $0.bitPattern != $1.bitPattern }.count
            if differing == 0 && count > 0 { exact += 1; return }
            let maxDiff = zip(e, o).map { abs($0 - $1) }.max() ?? .nan
            print("  replay \(name): \(differing)/\(count) differ, max |diff| \(maxDiff)")
        }
        func last(_ name: String, _ count: Int? = nil) -> [Float]? {
            r[name]?.last(where: { count == nil || $0.values.count == count! })?.values
        }
        func first(_ name: String, _ count: Int) -> [Float]? { r[name]?.first(where: { $0.values.count == count })?.values }
        func weights(_ name: String) throws -> [Float] {
            guard let t = file.tensor(name) else { throw CocoaError(.fileReadCorruptFile) }
            return try file.dequantize(t)
        }
        func norm(_ x: [Float], _ w: [Float]) -> [Float] {
            let dim = w.count
            var out = [Float](repeating: 0, count: x.count)
            for row in 0..<x.count / dim {
                out.withUnsafeMutableBufferPointer { op in
                    x.withUnsafeBufferPointer { xp in
                        bk_rmsnorm(xp.baseAddress! + row * dim, w, op.baseAddress! + row * dim, Int64(dim), c.rmsEpsilon)
                    }
                }
            }
            return out
        }
        let dim = c.embeddingLength, headDim = c.headDimension, heads = c.headCount, kvHeads = c.headCountKV
        let qDim = heads * headDim, kvDim = kvHeads * headDim, group = heads / kvHeads, ff = c.feedForwardLength
        let (low, high) = c.yarnCorrectionDimensions
        let half = c.ropeDimension / 2
        var cosT = [Float](repeating: 0, count: n * half), sinT = cosT
        cosT.withUnsafeMutableBufferPointer { cp in
            sinT.withUnsafeMutableBufferPointer { sp in
                for t in 0..<n {
                    bk_rope_table(Int64(offset + t), Int64(c.ropeDimension), c.ropeFreqBase, c.ropeFreqScale, c.yarnExtFactor,
                                  c.ropeAttnFactor, low, high, nil, cp.baseAddress! + t * half, sp.baseAddress! + t * half)
                }
            }
        }
        let cosTable = cosT, sinTable = sinT
        func rope(_ x: [Float], headsPerToken: Int) -> [Float] {
            var y = x
            y.withUnsafeMutableBufferPointer { p in
                cosTable.withUnsafeBufferPointer { cp in
                    sinTable.withUnsafeBufferPointer { sp in
                        for t in 0..<n {
                            for h in 0..<headsPerToken {
                                bk_rope(p.baseAddress! + (t * headsPerToken + h) * headDim, Int64(c.ropeDimension),
                                        cp.baseAddress! + t * half, sp.baseAddress! + t * half, 0)
                            }
                        }
                    }
                }
            }
            return y
        }

        var previous = last("embd")
        for l in 0..<c.blockCount {
            let attnNormW = try weights("blk.\(l).attn_norm.weight"), ffnNormW = try weights("blk.\(l).ffn_norm.weight")
            if let x = previous, let y = last("attn_norm-\(l)") { check("attn_norm-\(l)", y, norm(x, attnNormW)) }
            // Q/K before RoPE: the first record of the name (the matrix product).
            if let pre = first("Qcur-\(l)", n * qDim), let post = last("Qcur-\(l)", n * qDim) {
                check("rope Qcur-\(l)", post, rope(pre, headsPerToken: heads))
            }
            if let pre = first("Kcur-\(l)", n * kvDim), let post = last("Kcur-\(l)", n * kvDim) {
                check("rope Kcur-\(l)", post, rope(pre, headsPerToken: kvHeads))
            }
            // The cache: the earlier pass's keys and values (positions 0..<offset), then this pass's.
            let pastK = past?["Kcur-\(l)"]?.last(where: { $0.values.count == offset * kvDim })?.values ?? []
            let pastV = past?["Vcur-\(l)"]?.last(where: { $0.values.count == offset * kvDim })?.values ?? []
            if let q = last("Qcur-\(l)", n * qDim), let kNew = last("Kcur-\(l)", n * kvDim),
               let vNew = last("Vcur-\(l)", n * kvDim), let expected = last("kqv_out-\(l)", n * qDim),
               pastK.count == offset * kvDim, pastV.count == offset * kvDim {
                let k = pastK + kNew, v = pastV + vNew, total = offset + n
                var k16 = [UInt16](repeating: 0, count: total * kvDim), v16 = k16
                bk_f32_to_f16_row(k, &k16, Int64(total * kvDim))
                bk_f32_to_f16_row(v, &v16, Int64(total * kvDim))
                var out = [Float](repeating: 0, count: n * qDim)
                let tiled = n >= AttentionPlanThreshold.value, stride = (total + 63) / 64 * 64
                var kt = [Float](repeating: 0, count: tiled ? kvHeads * headDim * stride : 0)
                if tiled {
                    kt.withUnsafeMutableBufferPointer { ktp in
                        k16.withUnsafeBufferPointer { kp in
                            for h in 0..<kvHeads {
                                bk_transpose_keys(kp.baseAddress! + h * headDim, Int64(kvDim), Int64(total), Int64(headDim),
                                                  ktp.baseAddress! + h * headDim * stride, Int64(stride))
                            }
                        }
                    }
                }
                let scale = 1 / Float(headDim).squareRoot()
                out.withUnsafeMutableBufferPointer { op in
                    q.withUnsafeBufferPointer { qp in
                        kt.withUnsafeBufferPointer { ktp in
                            k16.withUnsafeBufferPointer { kp in
                                v16.withUnsafeBufferPointer { vp in
                                    for t in 0..<n {
                                        for h in 0..<kvHeads {
                                            let qo = t * qDim + h * group * headDim
                                            let kh = kp.baseAddress! + h * headDim, vh = vp.baseAddress! + h * headDim
                                            if tiled {
                                                bk_flash_attention_tiled(qp.baseAddress! + qo, Int64(group),
                                                                         ktp.baseAddress! + h * headDim * stride, Int64(stride),
                                                                         vh, Int64(kvDim), Int64(offset + t + 1), Int64(headDim), scale,
                                                                         op.baseAddress! + qo)
                                            } else {
                                                bk_flash_attention_decode(qp.baseAddress! + qo, Int64(group), kh, vh, Int64(kvDim),
                                                                          Int64(offset + t + 1), Int64(headDim), scale, 0,
                                                                          op.baseAddress! + qo)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                check("flash_attn kqv_out-\(l)", expected, out)
            }
            // Residuals (the last layer keeps only the output token's row after attention).
            if let a = last("attn_out-\(l)"), let x = previous, let y = last("ffn_inp-\(l)") {
                var sum = Array(x.suffix(a.count))
                bk_add(&sum, a, Int64(a.count))
                check("add ffn_inp-\(l)", y, sum)
            }
            if let x = last("ffn_inp-\(l)"), let y = last("ffn_norm-\(l)") { check("ffn_norm-\(l)", y, norm(x, ffnNormW)) }
            if let g = last("ffn_gate-\(l)"), let u = last("ffn_up-\(l)"), let y = last("ffn_swiglu-\(l)") {
                var out = g
                for row in 0..<g.count / ff {
                    out.withUnsafeMutableBufferPointer { p in
                        u.withUnsafeBufferPointer { up in
                            bk_silu_mul(p.baseAddress! + row * ff, up.baseAddress! + row * ff, Int64(ff))
                        }
                    }
                }
                check("swiglu ffn_swiglu-\(l)", y, out)
            }
            if let f = last("ffn_out-\(l)"), let x = last("ffn_inp-\(l)"), let y = last("l_out-\(l)") {
                var sum = x
                bk_add(&sum, f, Int64(f.count))
                check("add l_out-\(l)", y, sum)
            }
            previous = last("l_out-\(l)")
        }
        if let x = previous, let y = last("result_norm") { check("result_norm", y, norm(x, try weights("output_norm.weight"))) }
        print("op replay on llama.cpp's inputs: \(exact)/\(total) operations bit-exact")
    }
}

/// The prompt length from which llama.cpp (and Basalt) take the tiled flash-attention form.
enum AttentionPlanThreshold { static let value = 64 }
