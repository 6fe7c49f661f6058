import BasaltEngine
import Foundation

/// `layers PROMPT_FILE LLAMA_TENSORS [STEP_TENSORS]`: runs the prompt through Basalt in one forward pass and compares every
/// intermediate tensor with llama.cpp's values for the same prompt (reference/llama_ref.c with
/// LLAMA_REF_TENSORS=FILE writes them), bit for bit, in the order Basalt computes them. Prints one line per
/// tensor and, at the end, the first tensor that differs.
enum LayerComparison {
    /// A tensor as llama.cpp recorded it.
    struct Recorded {
        var shape: [Int64]
        var values: [Float]
    }

    /// Reads the records {name[64], ne[4] (int64), float data}; a name may repeat (views, reshapes):
    /// the last one recorded is the final value.
    static func read(_ path: String) throws -> [String: [Recorded]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var out: [String: [Recorded]] = [:]
        var offset = 0
        while offset + 96 <= data.count {
            let nameBytes = data[offset..<offset + 64].prefix { $0 != 0 }
            let name = String(decoding: nameBytes, as: UTF8.self)
            var shape: [Int64] = []
            for i in 0..<4 {
                shape.append(data[offset + 64 + 8 * i..<offset + 72 + 8 * i].withUnsafeBytes { $0.loadUnaligned(as: Int64.self) })
            }
            let count = Int(shape.reduce(1, *))
            let start = offset + 96
            let values = data[start..<start + 4 * count].withUnsafeBytes { raw in
                (0..<count).map { raw.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) }
            }
            out[name, default: []].append(Recorded(shape: shape, values: values))
            offset = start + 4 * count
        }
        return out
    }

    static func pad(_ s: String) -> String { s.padding(toLength: max(16, s.count), withPad: " ", startingAt: 0) }

    static func run(_ s: BenchSettings, promptFile: String, referencePath: String, stepPath: String? = nil) throws {
        let reference = try read(referencePath)
        let file = try GGUFFile(path: s.modelPath)
        let tokenizer = try Tokenizer.make(file.tokenizerVocabulary())
        let model = try s.loadModel(file)
        let prompt = tokenizer.encode(try String(contentsOfFile: promptFile, encoding: .utf8), addSpecial: true,
                                      parseSpecial: true)
        let cache = model.makeCache(capacity: prompt.count + 8)
        var firstDifference: String?
        var compared = 0
        _ = try model.forward([DecodeStep(cache: cache, tokens: prompt)]) { name, values, rowLength in
            let refName = name
            // llama.cpp keeps only the output token's row after the last layer's attention: compare the
            // trailing rows when it recorded fewer.
            guard let candidates = reference[refName],
                  let match = candidates.last(where: { $0.values.count == values.count })
                  ?? candidates.last(where: { $0.values.count < values.count && $0.values.count % rowLength == 0 })
            else {
                print(pad(refName) + " (no llama.cpp tensor)")
                return
            }
            let ours = values.suffix(match.values.count)
            var differing = 0, maxDiff: Float = 0, first = -1
            for (i, (a, b)) in zip(match.values, ours).enumerated() where a.bitPattern != b.bitPattern {
                differing += 1
                maxDiff = max(maxDiff, abs(a - b))
                if first < 0 { first = i }
            }
            compared += 1
            if differing == 0 {
                print(pad(refName) + " \(match.values.count) values bit-exact")
            } else {
                print(pad(refName) + String(format: " %d/%d differ, max |diff| %.3g, first at %d (llama.cpp %.9g, Basalt %.9g)",
                             differing, match.values.count, maxDiff, first, match.values[first],
                             ours[ours.startIndex + first]))
                if firstDifference == nil { firstDifference = refName }
            }
        }
        print("compared \(compared) tensors of a \(prompt.count)-token prompt; first difference: \(firstDifference ?? "none")")
        try OpReplay.run(file, config: model.config, reference: reference, tokens: prompt.count)
        if let stepPath {
            // The first generated token's pass (llama_ref with LLAMA_REF_TENSORS_STEP=1), replayed alone.
            print("first decode step (position \(prompt.count)):")
            try OpReplay.run(file, config: model.config, reference: try read(stepPath), tokens: 1, offset: prompt.count,
                             past: reference)
        }
    }
}
