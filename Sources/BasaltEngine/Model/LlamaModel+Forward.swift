import CBasaltKernels
import Foundation

extension LlamaModel {
    /// Runs all steps' tokens through the model together: weight products are matrix-matrix over every
    /// token of every step; attention runs per sequence against its own cache. Returns, per step, the
    /// logits after its last token.
    public func forward(_ steps: [DecodeStep]) throws -> [[Float]] {
        guard !steps.isEmpty else { return [] }
        let caches = try validate(steps)
        let c = config
        let dim = c.embeddingLength, qDim = c.queryDimension, kvDim = c.kvDimension, ff = c.feedForwardLength
        let headDim = c.headDimension, group = c.headCount / c.headCountKV

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
        let embedding = tokenEmbedding, frequencies = ropeFrequencies, magnitude = ropeMagnitude
        let halfCache = options.halfPrecisionCache, kvBytes = halfCache ? 2 : 4
        let n = tokenIDs.count
        let maxPositions = zip(caches, steps).map { $0.count + $1.tokens.count }.max() ?? 0

        let x = FloatBuffer(n * dim), xn = FloatBuffer(n * dim), tmp = FloatBuffer(n * dim)
        let q = FloatBuffer(n * qDim), k = FloatBuffer(n * kvDim), v = FloatBuffer(n * kvDim)
        let att = FloatBuffer(n * qDim), gate = FloatBuffer(n * ff), up = FloatBuffer(n * ff)
        let scores = FloatBuffer(pool.threadCount * maxPositions)
        let half = c.ropeDimension / 2
        let cosTable = FloatBuffer(n * half), sinTable = FloatBuffer(n * half)
        let mm = MatrixMultiplier(pool: pool, exact: options.exactActivations)
        let tokenChunk = max(1, n / (pool.threadCount * 4))
        let attentionChunk = max(1, n * c.headCountKV / (pool.threadCount * 8))

        // Embeddings and RoPE tables.
        pool.parallelFor(count: n, chunk: tokenChunk) { range, _ in
            for t in range {
                embedding.dequantizeRow(Int(tokenIDs[t]), into: x.pointer + t * dim)
                let pos = Float(tokenPosition[t])
                for i in 0..<half {
                    let angle = pos * frequencies[i]
                    cosTable.pointer[t * half + i] = cos(angle) * magnitude
                    sinTable.pointer[t * half + i] = sin(angle) * magnitude
                }
            }
        }

        let scale = 1 / Float(headDim).squareRoot()
        let eps = c.rmsEpsilon
        for (l, layer) in layers.enumerated() {
            // Attention block.
            layer.attentionNorm.withUnsafeBufferPointer { w in
                normalize(x.pointer, into: xn.pointer, weight: w.baseAddress!, tokens: n, chunk: tokenChunk, eps: eps)
            }
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
            // Attention: work items are (token, KV head) with the query heads sharing it, or single query
            // heads when there are too few tokens to keep every thread busy (each head's result is the same).
            let half16 = Int32(halfCache ? 1 : 0)
            let headsPerItem = n * c.headCountKV >= pool.threadCount * 4 ? group : 1
            let itemsPerToken = c.headCount / headsPerItem
            pool.parallelFor(count: n * itemsPerToken, chunk: attentionChunk) { range, thread in
                let scratch = scores.pointer + thread * maxPositions
                for item in range {
                    let t = item / itemsPerToken, h = (item % itemsPerToken) * headsPerItem
                    let cache = caches[tokenStep[t]]
                    let offset = (h / group) * headDim
                    bk_attention_heads(q.pointer + t * qDim + h * headDim, Int64(headsPerItem),
                                       cache.keys(layer: l, position: 0) + offset * kvBytes,
                                       cache.values(layer: l, position: 0) + offset * kvBytes,
                                       half16, Int64(kvDim), Int64(tokenPosition[t] + 1), Int64(headDim), scale,
                                       scratch, att.pointer + t * qDim + h * headDim)
                }
            }
            mm.multiply([.init(matrix: layer.output, output: tmp.pointer)], input: att.pointer,
                        inputStride: qDim, tokens: n)
            bk_add(x.pointer, tmp.pointer, Int64(n * dim))

            // Feed-forward block.
            layer.ffnNorm.withUnsafeBufferPointer { w in
                normalize(x.pointer, into: xn.pointer, weight: w.baseAddress!, tokens: n, chunk: tokenChunk, eps: eps)
            }
            mm.multiply([.init(matrix: layer.gate, output: gate.pointer), .init(matrix: layer.up, output: up.pointer)],
                        input: xn.pointer, inputStride: dim, tokens: n)
            pool.parallelFor(count: n, chunk: tokenChunk) { range, _ in
                bk_silu_mul(gate.pointer + range.lowerBound * ff, up.pointer + range.lowerBound * ff,
                            Int64(range.count * ff))
            }
            mm.multiply([.init(matrix: layer.down, output: tmp.pointer)], input: gate.pointer,
                        inputStride: ff, tokens: n)
            bk_add(x.pointer, tmp.pointer, Int64(n * dim))
        }
        for (s, step) in steps.enumerated() { caches[s].advance(by: step.tokens.count) }

        // Logits for the last token of each step.
        let last = FloatBuffer(steps.count * dim)
        outputNorm.withUnsafeBufferPointer { w in
            for (s, t) in lastToken.enumerated() {
                bk_rmsnorm(x.pointer + t * dim, w.baseAddress!, last.pointer + s * dim, Int64(dim), eps)
            }
        }
        let vocab = outputMatrix.rows
        let logits = FloatBuffer(steps.count * vocab)
        mm.multiply([.init(matrix: outputMatrix, output: logits.pointer)], input: last.pointer,
                    inputStride: dim, tokens: steps.count)
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
