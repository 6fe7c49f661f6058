/// A linear layer `y = W x + b` with `W` stored row-major as `[outputs, inputs]` (PyTorch `nn.Linear`).
struct DenseWeights {
    let weight: FloatBuffer
    let bias: FloatBuffer
    let outputs: Int
    let inputs: Int
    /// The weights in an integer format when the encoder runs below F32 precision.
    let quantized: QuantizedRows?

    init(_ file: SafetensorsFile, _ prefix: String, outputs: Int, inputs: Int, precision: EncoderPrecision) throws {
        weight = try Self.buffer(file, prefix + ".weight", shape: [outputs, inputs])
        bias = try Self.buffer(file, prefix + ".bias", shape: [outputs])
        self.outputs = outputs
        self.inputs = inputs
        switch precision {
        case .f32: quantized = nil
        case .q8_0: quantized = QuantizedRows(q8_0: weight.pointer, rows: outputs, columns: inputs)
        }
    }

    static func buffer(_ file: SafetensorsFile, _ name: String, shape: [Int]) throws -> FloatBuffer {
        let values = try file.floats(name, shape: shape)
        let buffer = FloatBuffer(values.count)
        values.withUnsafeBufferPointer { buffer.pointer.update(from: $0.baseAddress!, count: values.count) }
        return buffer
    }
}

/// LayerNorm scale (`weight`, γ) and shift (`bias`, β).
struct LayerNormWeights {
    let gamma: FloatBuffer
    let beta: FloatBuffer

    init(_ file: SafetensorsFile, _ prefix: String, size: Int) throws {
        gamma = try DenseWeights.buffer(file, prefix + ".weight", shape: [size])
        beta = try DenseWeights.buffer(file, prefix + ".bias", shape: [size])
    }
}

/// One transformer encoder layer (post-LayerNorm BERT block).
struct BertLayerWeights {
    let query: DenseWeights
    let key: DenseWeights
    let value: DenseWeights
    let attentionOutput: DenseWeights
    let attentionNorm: LayerNormWeights
    let intermediate: DenseWeights
    let output: DenseWeights
    let outputNorm: LayerNormWeights

    init(_ file: SafetensorsFile, _ prefix: String, config: BertConfig, precision: EncoderPrecision) throws {
        let h = config.hiddenSize, i = config.intermediateSize
        query = try DenseWeights(file, prefix + ".attention.self.query", outputs: h, inputs: h, precision: precision)
        key = try DenseWeights(file, prefix + ".attention.self.key", outputs: h, inputs: h, precision: precision)
        value = try DenseWeights(file, prefix + ".attention.self.value", outputs: h, inputs: h, precision: precision)
        attentionOutput = try DenseWeights(file, prefix + ".attention.output.dense", outputs: h, inputs: h, precision: precision)
        attentionNorm = try LayerNormWeights(file, prefix + ".attention.output.LayerNorm", size: h)
        intermediate = try DenseWeights(file, prefix + ".intermediate.dense", outputs: i, inputs: h, precision: precision)
        output = try DenseWeights(file, prefix + ".output.dense", outputs: h, inputs: i, precision: precision)
        outputNorm = try LayerNormWeights(file, prefix + ".output.LayerNorm", size: h)
    }
}
