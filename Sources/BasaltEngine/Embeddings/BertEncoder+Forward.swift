import CBasaltKernels
import Foundation

extension BertEncoder {
    /// Token blocks and row blocks of one product task: small enough that a block of weight rows and a block
    /// of activation rows stay in cache together.
    private static let tokenBlock = 32
    private static let rowBlock = 64

    /// Final hidden states `[tokens, hidden]` of the packed batch.
    func forward(_ sequences: [[Int32]]) -> FloatBuffer {
        let h = config.hiddenSize
        let tokens = sequences.reduce(0) { $0 + $1.count }
        var starts: [Int] = []
        var positions: [(id: Int32, position: Int)] = []
        positions.reserveCapacity(tokens)
        for seq in sequences {
            precondition(!seq.isEmpty && seq.count <= config.maxPositions, "sequence length out of range")
            starts.append(positions.count)
            for (p, id) in seq.enumerated() {
                precondition(id >= 0 && Int(id) < config.vocabularySize, "token id out of range")
                positions.append((id, p))
            }
        }

        let x = FloatBuffer(tokens * h)
        let q = FloatBuffer(tokens * h), k = FloatBuffer(tokens * h), v = FloatBuffer(tokens * h)
        let context = FloatBuffer(tokens * h), sum = FloatBuffer(tokens * h)
        let ff = FloatBuffer(tokens * config.intermediateSize)

        // Embeddings: word + position + token type 0, then LayerNorm.
        for t in 0..<tokens {
            let row = x.pointer + t * h
            let word = wordEmbeddings.pointer + Int(positions[t].id) * h
            let pos = positionEmbeddings.pointer + positions[t].position * h
            let type = tokenTypeEmbeddings.pointer
            for j in 0..<h { row[j] = word[j] + pos[j] + type[j] }
        }
        addAndNormalize(x.pointer, residual: nil, embeddingNorm, tokens: tokens)

        let lengths = sequences.map(\.count)
        for layer in layers {
            linear([(layer.query, q.pointer), (layer.key, k.pointer), (layer.value, v.pointer)],
                   input: x.pointer, tokens: tokens)
            attention(q: q.pointer, k: k.pointer, v: v.pointer, out: context.pointer, starts: starts, lengths: lengths)
            linear([(layer.attentionOutput, sum.pointer)], input: context.pointer, tokens: tokens)
            addAndNormalize(x.pointer, residual: sum.pointer, layer.attentionNorm, tokens: tokens)
            linear([(layer.intermediate, ff.pointer)], input: x.pointer, tokens: tokens, gelu: true)
            linear([(layer.output, sum.pointer)], input: ff.pointer, tokens: tokens)
            addAndNormalize(x.pointer, residual: sum.pointer, layer.outputNorm, tokens: tokens)
        }
        return x
    }

    /// `out[t, r] = W[r] · input[t] + b[r]` for every product (optionally followed by erf-GELU), as one
    /// parallel job over (row block, token block) tasks.
    private func linear(_ products: [(DenseWeights, UnsafeMutablePointer<Float>)], input: UnsafeMutablePointer<Float>,
                        tokens: Int, gelu: Bool = false) {
        let k = products[0].0.inputs
        // Integer weights need the activations in 8-bit blocks: prepared once, shared by every product.
        var activations = UnsafeRawPointer(input), activationBytes = k * 4
        var prepared: UnsafeMutableRawPointer?
        if let type = products[0].0.quantized?.typeID {
            let rowBytes = Int(bk_act_row_bytes(type, Int64(k)))
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: tokens * rowBytes, alignment: 64)
            pool.parallelFor(count: tokens, chunk: 8) { range, _ in
                for t in range { bk_quantize_act(type, input + t * k, buffer + t * rowBytes, Int64(k)) }
            }
            prepared = buffer
            activations = UnsafeRawPointer(buffer)
            activationBytes = rowBytes
        }
        defer { prepared?.deallocate() }

        var tasks: [(product: Int, rows: Range<Int>, tokens: Range<Int>)] = []
        for (i, (w, _)) in products.enumerated() {
            precondition(w.inputs == k && (w.quantized == nil) == (prepared == nil))
            for r0 in stride(from: 0, to: w.outputs, by: Self.rowBlock) {
                for t0 in stride(from: 0, to: tokens, by: Self.tokenBlock) {
                    tasks.append((i, r0..<min(w.outputs, r0 + Self.rowBlock), t0..<min(tokens, t0 + Self.tokenBlock)))
                }
            }
        }
        pool.parallelFor(count: tasks.count, chunk: 1) { range, _ in
            for index in range {
                let task = tasks[index]
                let (w, out) = products[task.product]
                let n = w.outputs
                let (type, data, rowBytes) = w.quantized.map { ($0.typeID, UnsafeRawPointer($0.pointer), $0.rowBytes) }
                    ?? (Int32(BK_F32.rawValue), UnsafeRawPointer(w.weight.pointer), k * 4)
                bk_matmul(type, data, rowBytes, Int64(k), Int64(task.rows.lowerBound), Int64(task.rows.upperBound),
                          activations + task.tokens.lowerBound * activationBytes, activationBytes,
                          Int64(task.tokens.count), out + task.tokens.lowerBound * n, Int64(n))
                let bias = w.bias.pointer
                for t in task.tokens {
                    let row = out + t * n
                    if gelu {
                        for r in task.rows {
                            let y = row[r] + bias[r]
                            row[r] = 0.5 * y * (1 + erf(y * 0.70710678118654752))
                        }
                    } else {
                        for r in task.rows { row[r] += bias[r] }
                    }
                }
            }
        }
    }

    /// `x[t] = LayerNorm(x[t] + residual[t])` for every token.
    private func addAndNormalize(_ x: UnsafeMutablePointer<Float>, residual: UnsafeMutablePointer<Float>?,
                                 _ norm: LayerNormWeights, tokens: Int) {
        let h = config.hiddenSize, eps = config.layerNormEpsilon
        let gamma = norm.gamma.pointer, beta = norm.beta.pointer
        pool.parallelFor(count: tokens, chunk: 16) { range, _ in
            for t in range {
                let row = x + t * h
                if let residual {
                    let r = residual + t * h
                    for j in 0..<h { row[j] += r[j] }
                }
                var mean: Float = 0
                for j in 0..<h { mean += row[j] }
                mean /= Float(h)
                var variance: Float = 0
                for j in 0..<h {
                    let d = row[j] - mean
                    variance += d * d
                }
                variance /= Float(h)
                let inv = 1 / (variance + eps).squareRoot()
                for j in 0..<h { row[j] = (row[j] - mean) * inv * gamma[j] + beta[j] }
            }
        }
    }

    /// Multi-head self-attention of every text over its own tokens (the attention mask of a padded batch).
    private func attention(q: UnsafeMutablePointer<Float>, k: UnsafeMutablePointer<Float>,
                           v: UnsafeMutablePointer<Float>, out: UnsafeMutablePointer<Float>,
                           starts: [Int], lengths: [Int]) {
        let h = config.hiddenSize, heads = config.headCount, d = config.headDimension
        let scale = 1 / Float(d).squareRoot()
        let maxLength = lengths.max() ?? 0
        let scratch = FloatBuffer(pool.threadCount * maxLength)
        pool.parallelFor(count: starts.count * heads, chunk: 1) { range, thread in
            let scores = scratch.pointer + thread * maxLength
            for index in range {
                let s = index / heads, head = index % heads
                let base = starts[s] * h + head * d
                for i in 0..<lengths[s] {
                    bk_attention(q + base + i * h, k + base, v + base, 0, Int64(h), Int64(lengths[s]), Int64(d),
                                 scale, scores, out + base + i * h)
                }
            }
        }
    }
}
