import CBasaltKernels
import Foundation

/// Receives a named intermediate tensor of a forward pass: one row of `rowLength` floats per token
/// (in the order of the steps' tokens), valid only during the call.
public typealias TensorObserver = (_ name: String, _ values: UnsafeBufferPointer<Float>, _ rowLength: Int) -> Void

extension LlamaModel {
    /// Runs all steps' tokens through the model together: weight products are matrix-matrix over every
    /// token of every step; attention runs per sequence against its own cache. Returns, per step, the
    /// logits after its last token.
    public func forward(_ steps: [DecodeStep]) throws -> [[Float]] { try forward(steps, observer: nil) }

    /// `forward(_:)`, reporting intermediate tensors to `observer` (for layer-by-layer comparison with
    /// llama.cpp, under its tensor names: `embd`, `attn_norm-3`, `Qcur-3`, `kqv_out-3`, `l_out-3`,
    /// `result_output`, ...).
    ///
    /// The norms, RoPE, attention (F16 cache), SwiGLU and residual additions reproduce ggml's CPU arithmetic
    /// bit for bit on AVX2 (benchmarks/engine/reference/ggml_check_ops.c checks them); the weight products
    /// are `MatrixMultiplier`'s. The attention of a step with 64 tokens or more takes llama.cpp's prompt
    /// (tiled) form, shorter steps its decode form (see `AttentionPlan`), so a token's result depends on its
    /// own step's length but never on the other steps sharing the pass or on the thread count.
    public func forward(_ steps: [DecodeStep], observer: TensorObserver?) throws -> [[Float]] {
        guard !steps.isEmpty else { return [] }
        let caches = try validate(steps)
        let c = config
        let dim = c.embeddingLength, qDim = c.queryDimension, kvDim = c.kvDimension, ff = c.feedForwardLength
        let headDim = c.headDimension

        // Token layout: global index -> (step, position).
        var ids: [Int32] = [], stepOf: [Int] = [], positionOf: [Int] = [], lastToken: [Int] = []
        for (s, step) in steps.enumerated() {
            for (i, id) in step.tokens.enumerated() {
                ids.append(id)
                stepOf.append(s)
                positionOf.append(caches[s].count + i)
            }
            lastToken.append(ids.count - 1)
        }
        let tokenIDs = ids, tokenStep = stepOf, tokenPosition = positionOf
        let embedding = tokenEmbedding
        let n = tokenIDs.count
        let emit = observer.map { o in
            { (name: String, p: UnsafeMutablePointer<Float>, rows: Int, width: Int) in
                o(name, UnsafeBufferPointer(start: p, count: rows * width), width)
            }
        }

        let x = FloatBuffer(n * dim), xn = FloatBuffer(n * dim), tmp = FloatBuffer(n * dim)
        let q = FloatBuffer(n * qDim), k = FloatBuffer(n * kvDim), v = FloatBuffer(n * kvDim)
        let att = FloatBuffer(n * qDim), gate = FloatBuffer(n * ff), up = FloatBuffer(n * ff)
        let half = c.ropeDimension / 2
        let cosTable = FloatBuffer(n * half), sinTable = FloatBuffer(n * half)
        let mm = MatrixMultiplier(pool: pool, exact: options.exactActivations)
        let tokenChunk = max(1, n / (pool.threadCount * 4))
        let attention = AttentionPlan(model: self, steps: steps, caches: caches, tokenStep: tokenStep,
                                      tokenPosition: tokenPosition)

        // Embeddings and RoPE tables (ggml's rope cache, position by position).
        let (corrLow, corrHigh) = c.yarnCorrectionDimensions
        let factors = ropeFactors
        pool.parallelFor(count: n, chunk: tokenChunk) { range, _ in
            for t in range {
                embedding.dequantizeRow(Int(tokenIDs[t]), into: x.pointer + t * dim)
                factors.withUnsafeBufferPointerOrNil { f in
                    bk_rope_table(Int64(tokenPosition[t]), Int64(c.ropeDimension), c.ropeFreqBase, c.ropeFreqScale,
                                  c.yarnExtFactor, c.ropeAttnFactor, corrLow, corrHigh, f,
                                  cosTable.pointer + t * half, sinTable.pointer + t * half)
                }
            }
        }
        emit?("embd", x.pointer, n, dim)

        let eps = c.rmsEpsilon
        for (l, layer) in layers.enumerated() {
            // Attention block.
            layer.attentionNorm.withUnsafeBufferPointer { w in
                normalize(x.pointer, into: xn.pointer, weight: w.baseAddress!, tokens: n, chunk: tokenChunk, eps: eps)
            }
            emit?("attn_norm-\(l)", xn.pointer, n, dim)
            mm.multiply([.init(matrix: layer.query, output: q.pointer), .init(matrix: layer.key, output: k.pointer),
                         .init(matrix: layer.value, output: v.pointer)],
                        input: xn.pointer, inputStride: dim, tokens: n)
            pool.parallelFor(count: n, chunk: tokenChunk) { range, _ in
                for t in range {
                    let ct = cosTable.pointer + t * half, st = sinTable.pointer + t * half
                    for h in 0..<c.headCount {
                        bk_rope(q.pointer + t * qDim + h * headDim, Int64(c.ropeDimension), ct, st, 0)
                    }
                    for h in 0..<c.headCountKV {
                        bk_rope(k.pointer + t * kvDim + h * headDim, Int64(c.ropeDimension), ct, st, 0)
                    }
                    caches[tokenStep[t]].store(layer: l, position: tokenPosition[t],
                                               key: k.pointer + t * kvDim, value: v.pointer + t * kvDim)
                }
            }
            emit?("Qcur-\(l)", q.pointer, n, qDim)
            emit?("Kcur-\(l)", k.pointer, n, kvDim)
            emit?("Vcur-\(l)", v.pointer, n, kvDim)
            attention.run(layer: l, queries: q.pointer, output: att.pointer)
            emit?("kqv_out-\(l)", att.pointer, n, qDim)
            mm.multiply([.init(matrix: layer.output, output: tmp.pointer)], input: att.pointer,
                        inputStride: qDim, tokens: n)
            emit?("attn_out-\(l)", tmp.pointer, n, dim)
            bk_add(x.pointer, tmp.pointer, Int64(n * dim))
            emit?("ffn_inp-\(l)", x.pointer, n, dim)

            // Feed-forward block.
            layer.ffnNorm.withUnsafeBufferPointer { w in
                normalize(x.pointer, into: xn.pointer, weight: w.baseAddress!, tokens: n, chunk: tokenChunk, eps: eps)
            }
            emit?("ffn_norm-\(l)", xn.pointer, n, dim)
            mm.multiply([.init(matrix: layer.gate, output: gate.pointer), .init(matrix: layer.up, output: up.pointer)],
                        input: xn.pointer, inputStride: dim, tokens: n)
            emit?("ffn_gate-\(l)", gate.pointer, n, ff)
            emit?("ffn_up-\(l)", up.pointer, n, ff)
            pool.parallelFor(count: n, chunk: tokenChunk) { range, _ in
                for t in range { bk_silu_mul(gate.pointer + t * ff, up.pointer + t * ff, Int64(ff)) }
            }
            emit?("ffn_swiglu-\(l)", gate.pointer, n, ff)
            mm.multiply([.init(matrix: layer.down, output: tmp.pointer)], input: gate.pointer,
                        inputStride: ff, tokens: n)
            emit?("ffn_out-\(l)", tmp.pointer, n, dim)
            bk_add(x.pointer, tmp.pointer, Int64(n * dim))
            emit?("l_out-\(l)", x.pointer, n, dim)
        }
        for (s, step) in steps.enumerated() { caches[s].advance(by: step.tokens.count) }

        // Logits for the last token of each step.
        let last = FloatBuffer(steps.count * dim)
        outputNorm.withUnsafeBufferPointer { w in
            for (s, t) in lastToken.enumerated() {
                bk_rmsnorm(x.pointer + t * dim, w.baseAddress!, last.pointer + s * dim, Int64(dim), eps)
            }
        }
        emit?("result_norm", last.pointer, steps.count, dim)
        let vocab = outputMatrix.rows
        let logits = FloatBuffer(steps.count * vocab)
        mm.multiply([.init(matrix: outputMatrix, output: logits.pointer)], input: last.pointer,
                    inputStride: dim, tokens: steps.count)
        emit?("result_output", logits.pointer, steps.count, vocab)
        return (0..<steps.count).map { s in
            Array(UnsafeBufferPointer(start: logits.pointer + s * vocab, count: vocab))
        }
    }

    private func normalize(_ x: UnsafeMutablePointer<Float>, into out: UnsafeMutablePointer<Float>,
                           weight: UnsafePointer<Float>, tokens n: Int, chunk: Int, eps: Float) {
        let dim = config.embeddingLength
        pool.parallelFor(count: n, chunk: chunk) { range, _ in
            for t in range { bk_rmsnorm(x + t * dim, weight, out + t * dim, Int64(dim), eps) }
        }
    }

    private func validate(_ steps: [DecodeStep]) throws -> [LlamaCache] {
        var seen = Set<ObjectIdentifier>()
        return try steps.map { step in
            guard let cache = step.cache as? LlamaCache, cache.owner == ObjectIdentifier(self) else {
                throw DecoderError.foreignCache
            }
            guard seen.insert(ObjectIdentifier(cache)).inserted else { throw DecoderError.duplicateCache }
            guard !step.tokens.isEmpty else { throw DecoderError.emptyStep }
            let needed = cache.count + step.tokens.count
            guard needed <= cache.capacity else { throw DecoderError.cacheFull(capacity: cache.capacity, needed: needed) }
            for id in step.tokens where id < 0 || Int(id) >= tokenEmbedding.rows {
                throw DecoderError.tokenOutOfRange(id, vocabulary: tokenEmbedding.rows)
            }
            return cache
        }
    }
}

fileprivate extension Optional where Wrapped == [Float] {
    /// Calls `body` with the array's base address, or nil.
    func withUnsafeBufferPointerOrNil<R>(_ body: (UnsafePointer<Float>?) -> R) -> R {
        switch self {
        case .some(let a): return a.withUnsafeBufferPointer { body($0.baseAddress) }
        case .none: return body(nil)
        }
    }
}
