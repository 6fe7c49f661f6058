import CBasaltKernels

/// How one forward pass runs attention, layer after layer: work items of (token, KV head) spread over the
/// worker pool, each against its own sequence's cache (causal: positions up to the token's own).
///
/// With an F16 cache every step takes llama.cpp's CPU flash-attention arithmetic bit for bit: its prompt
/// (tiled) form when the step holds `tiledThreshold` tokens or more, which is when llama.cpp takes that form
/// for a batch of the same tokens, else its decode (one-chunk) form. The choice depends on the step alone,
/// so other sequences sharing the pass never change a token's result. An F32 cache, or heads larger than
/// the flash kernels take (`maxFlashHeadDimension`), use the plain kernel.
struct AttentionPlan {
    /// ggml's flash-attention query tile (GGML_FA_TILE_Q): batches at least this long take the tiled form.
    static let tiledThreshold = 64
    /// Largest head size of the flash-attention kernels (BK_FA_MAX_DIM).
    static let maxFlashHeadDimension = 256

    private let pool: WorkerPool
    private let config: LlamaConfig
    private let halfPrecision: Bool
    /// F16 cache and a head size the flash kernels take.
    private let flash: Bool
    private let caches: [LlamaCache]
    private let tokenStep: [Int]
    private let tokenPosition: [Int]
    /// Per step: positions visible to its last token, and whether it takes the tiled form.
    private let stepPositions: [Int]
    private let tiled: [Bool]
    /// Per step: ggml's split-KV chunk for a one-token step (0: one chunk), see `Options.llamaCppThreads`.
    private let kvChunk: [Int]
    /// Per tiled step: its keys transposed to F32 for the current layer, [kv head][dim][ktStride].
    private let keysT: [FloatBuffer?]
    private let ktStride: [Int]
    /// Scratch of the F32-cache kernel: `maxPositions` floats per thread.
    private let scores: FloatBuffer?
    private let maxPositions: Int

    init(model: LlamaModel, steps: [DecodeStep], caches: [LlamaCache], tokenStep: [Int], tokenPosition: [Int]) {
        let c = model.config
        pool = model.pool
        config = c
        halfPrecision = model.options.halfPrecisionCache
        let flash = halfPrecision && c.headDimension <= Self.maxFlashHeadDimension
        self.flash = flash
        self.caches = caches
        self.tokenStep = tokenStep
        self.tokenPosition = tokenPosition
        stepPositions = zip(caches, steps).map { $0.count + $1.tokens.count }
        maxPositions = stepPositions.max() ?? 0
        tiled = steps.map { flash && $0.tokens.count >= Self.tiledThreshold }
        let splitThreads = model.options.llamaCppThreads
        kvChunk = zip(caches, zip(steps, stepPositions)).map { cache, sp in
            guard flash, sp.0.tokens.count == 1, let threads = splitThreads, threads > 1 else { return 0 }
            func pad(_ x: Int) -> Int { (x + 255) / 256 * 256 }
            let view = min(pad(cache.capacity), max(256, pad(sp.1)))
            return view >= 512 ? (view + threads - 1) / threads : 0
        }
        ktStride = stepPositions.map { ($0 + 63) / 64 * 64 }
        keysT = zip(tiled, ktStride).map { isTiled, stride in
            isTiled ? FloatBuffer(c.headCountKV * c.headDimension * stride) : nil
        }
        scores = flash ? nil : FloatBuffer(model.pool.threadCount * maxPositions)
    }

    /// Attention of every token for layer `l`: `queries` (RoPE applied) and `output` hold one row of
    /// `queryDimension` floats per token. The layer's keys and values must already be in the caches.
    func run(layer l: Int, queries q: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let c = config, headDim = c.headDimension, kvDim = c.kvDimension, qDim = c.queryDimension
        let group = c.headCount / c.headCountKV, kvHeads = c.headCountKV
        let caches = self.caches, tokenStep = self.tokenStep, tokenPosition = self.tokenPosition
        let n = tokenStep.count, flash = self.flash, half = halfPrecision, kvBytes = half ? 2 : 4

        // Keys of the tiled steps, transposed once per layer and KV head.
        let isTiled = self.tiled
        let tiledSteps = isTiled.indices.filter { isTiled[$0] }
        if !tiledSteps.isEmpty {
            let keysT = self.keysT, ktStride = self.ktStride, stepPositions = self.stepPositions
            pool.parallelFor(count: tiledSteps.count * kvHeads, chunk: 1) { range, _ in
                for item in range {
                    let s = tiledSteps[item / kvHeads], h = item % kvHeads
                    let keys = caches[s].keys(layer: l, position: 0).assumingMemoryBound(to: UInt16.self)
                    bk_transpose_keys(keys + h * headDim, Int64(kvDim), Int64(stepPositions[s]), Int64(headDim),
                                      keysT[s]!.pointer + h * headDim * ktStride[s], Int64(ktStride[s]))
                }
            }
        }

        // Work items: (token, KV head) with the query heads sharing it, or single query heads when there are
        // too few tokens to keep every thread busy (each head's result is the same either way).
        let headsPerItem = n * kvHeads >= pool.threadCount * 4 ? group : 1
        let itemsPerToken = c.headCount / headsPerItem
        let chunk = max(1, n * kvHeads / (pool.threadCount * 8))
        let tiled = self.tiled, keysT = self.keysT, ktStride = self.ktStride, kvChunk = self.kvChunk
        let scores = self.scores, maxPositions = self.maxPositions
        let scale = 1 / Float(headDim).squareRoot()
        pool.parallelFor(count: n * itemsPerToken, chunk: chunk) { range, thread in
            for item in range {
                let t = item / itemsPerToken, h = (item % itemsPerToken) * headsPerItem
                let s = tokenStep[t], cache = caches[s]
                let kvHead = h / group, offset = kvHead * headDim
                let keys = cache.keys(layer: l, position: 0), values = cache.values(layer: l, position: 0)
                let positions = Int64(tokenPosition[t] + 1)
                let qh = q + t * qDim + h * headDim, out = output + t * qDim + h * headDim
                if !flash {
                    bk_attention_heads(qh, Int64(headsPerItem), keys + offset * kvBytes, values + offset * kvBytes,
                                       half ? 1 : 0, Int64(kvDim), positions, Int64(headDim), scale,
                                       scores!.pointer + thread * maxPositions, out)
                } else if tiled[s] {
                    let v = values.assumingMemoryBound(to: UInt16.self) + offset
                    bk_flash_attention_tiled(qh, Int64(headsPerItem), keysT[s]!.pointer + kvHead * headDim * ktStride[s],
                                             Int64(ktStride[s]), v, Int64(kvDim), positions, Int64(headDim), scale, out)
                } else {
                    let k = keys.assumingMemoryBound(to: UInt16.self) + offset
                    let v = values.assumingMemoryBound(to: UInt16.self) + offset
                    bk_flash_attention_decode(qh, Int64(headsPerItem), k, v, Int64(kvDim), positions, Int64(headDim),
                                              scale, Int64(kvChunk[s]), out)
                }
            }
        }
    }
}
