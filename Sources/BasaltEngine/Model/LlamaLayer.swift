/// Weights of one transformer block.
struct LlamaLayer: Sendable {
    let attentionNorm: [Float]
    let query: WeightMatrix
    let key: WeightMatrix
    let value: WeightMatrix
    let output: WeightMatrix
    let ffnNorm: [Float]
    let gate: WeightMatrix
    let up: WeightMatrix
    let down: WeightMatrix

    init(_ file: GGUFFile, index i: Int, config c: LlamaConfig) throws {
        let p = "blk.\(i)."
        let dim = c.embeddingLength
        attentionNorm = try WeightMatrix.vector(file, p + "attn_norm.weight", count: dim)
        query = try WeightMatrix(file, p + "attn_q.weight", columns: dim, rows: c.queryDimension)
        key = try WeightMatrix(file, p + "attn_k.weight", columns: dim, rows: c.kvDimension)
        value = try WeightMatrix(file, p + "attn_v.weight", columns: dim, rows: c.kvDimension)
        output = try WeightMatrix(file, p + "attn_output.weight", columns: c.queryDimension, rows: dim)
        ffnNorm = try WeightMatrix.vector(file, p + "ffn_norm.weight", count: dim)
        gate = try WeightMatrix(file, p + "ffn_gate.weight", columns: dim, rows: c.feedForwardLength)
        up = try WeightMatrix(file, p + "ffn_up.weight", columns: dim, rows: c.feedForwardLength)
        down = try WeightMatrix(file, p + "ffn_down.weight", columns: c.feedForwardLength, rows: dim)
    }
}
