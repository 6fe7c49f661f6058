import CBasaltKernels

/// Multiplies a batch of activation rows by one or more weight matrices in a single parallel job:
/// activations are prepared (quantized to 8-bit blocks) once per weight type, then row ranges of
/// all matrices are handed out to the pool's threads.
struct MatrixMultiplier {
    let pool: WorkerPool
    /// Multiply dequantized weights by unrounded float activations (slow reference mode).
    var exact = false

    /// One product: `output[t * matrix.rows + r] = dot(matrix[r], input[t])`.
    struct Product {
        var matrix: WeightMatrix
        var output: UnsafeMutablePointer<Float>
    }

    /// Computes all `products` for `tokens` input rows of `input` (rows `inputStride` floats apart;
    /// every matrix must have `columns` equal to the input row length).
    func multiply(_ products: [Product], input: UnsafePointer<Float>, inputStride: Int, tokens: Int) {
        guard let first = products.first, tokens > 0 else { return }
        let k = first.matrix.columns
        if exact {
            pool.parallelFor(count: products.count * 8, chunk: 1) { range, _ in
                for item in range {
                    let p = products[item / 8], rows = p.matrix.rows
                    let r0 = rows * (item % 8) / 8, r1 = rows * (item % 8 + 1) / 8
                    bk_matmul_exact(p.matrix.typeID, p.matrix.data, p.matrix.rowBytes, Int64(k), Int64(r0),
                                    Int64(r1), input, Int64(inputStride), Int64(tokens), p.output, Int64(rows))
                }
            }
            return
        }

        // Prepare activations once per distinct weight type (products rarely mix more than two).
        var prepared: [(type: Int32, buffer: UnsafeMutableRawPointer, rowBytes: Int)] = []
        prepared.reserveCapacity(products.count)
        for p in products where !prepared.contains(where: { $0.type == p.matrix.typeID }) {
            let rowBytes = p.matrix.activationRowBytes
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: rowBytes * tokens, alignment: 64)
            let type = p.matrix.typeID
            let quantize = { (range: Range<Int>, _: Int) in
                for t in range {
                    bk_quantize_act(type, input + t * inputStride, buffer + t * rowBytes, Int64(k))
                }
            }
            if tokens >= 16 {
                pool.parallelFor(count: tokens, chunk: 8, quantize)
            } else {
                quantize(0..<tokens, 0)
            }
            prepared.append((type, buffer, rowBytes))
        }
        defer { for entry in prepared { entry.buffer.deallocate() } }

        // Split rows of every matrix into tasks.
        let totalRows = products.reduce(0) { $0 + $1.matrix.rows }
        let perTask = max(16, (totalRows / (pool.threadCount * 8) + 15) / 16 * 16)
        var tasks: [(product: Int, rows: Range<Int>)] = []
        for (i, p) in products.enumerated() {
            var start = 0
            while start < p.matrix.rows {
                let end = min(p.matrix.rows, start + perTask)
                tasks.append((i, start..<end))
                start = end
            }
        }
        let jobs = tasks, buffers = products.map { p in prepared.first { $0.type == p.matrix.typeID }! }
        let run = { (range: Range<Int>, _: Int) in
            for taskIndex in range {
                let task = jobs[taskIndex]
                let p = products[task.product]
                let (_, act, actBytes) = buffers[task.product]
                bk_matmul(p.matrix.typeID, p.matrix.data, p.matrix.rowBytes, Int64(k),
                          Int64(task.rows.lowerBound), Int64(task.rows.upperBound),
                          act, actBytes, Int64(tokens), p.output, Int64(p.matrix.rows))
            }
        }
        pool.parallelFor(count: tasks.count, chunk: 1, run)
    }
}
