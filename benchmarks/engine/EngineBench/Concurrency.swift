import BasaltEngine
import Foundation

/// Aggregate decode throughput of K sequences advanced together, one token each per forward pass (what
/// LocalTextModel's continuous batching does with K busy slots), against a single sequence.
enum Concurrency {
    static let promptLength = 32

    static func run(_ s: BenchSettings, sequences k: Int, steps: Int) throws {
        let file = try GGUFFile(path: s.modelPath)
        let model = try s.loadModel(file)
        print("model \(s.modelPath), threads \(s.threads), \(steps) decode steps per sequence")
        _ = try model.forward([DecodeStep(cache: model.makeCache(capacity: 8), tokens: [1, 2, 3, 4])])  // warm-up
        var counts = [1]
        while counts.last! * 2 < k { counts.append(counts.last! * 2) }
        if k > 1 { counts.append(k) }
        // Rounds measure every count in turn, so slow drifts of a shared host touch all of them alike; the
        // summary takes each count's median.
        var rates: [Int: [Double]] = [:]
        for round in 1...max(1, s.repetitions) {
            var line: [String] = []
            for count in counts {
                let rate = try measure(model, sequences: count, steps: steps)
                rates[count, default: []].append(rate)
                line.append(String(format: "%d seq %.1f", count, rate))
            }
            let ratio = rates[counts.last!]!.last! / rates[1]!.last!
            print("round \(round): \(line.joined(separator: ", ")) tok/s; ratio \(String(format: "%.2f", ratio))")
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let single = median(rates[1]!)
        for count in counts {
            let rate = median(rates[count]!)
            print(String(format: "concurrent K=%d: %.1f tok/s aggregate, %.1f tok/s per sequence, %.2fx K=1",
                         count, rate, rate / Double(count), rate / single))
        }
    }

    /// Tokens per second over all sequences, prompt processing excluded.
    static func measure(_ model: LlamaModel, sequences k: Int, steps: Int) throws -> Double {
        let caches = (0..<k).map { _ in model.makeCache(capacity: promptLength + steps + 8) }
        let prompts = (0..<k).map { s in
            (0..<promptLength).map { Int32(($0 * 7919 + s * 104_729 + 13) % model.vocabularySize) }
        }
        var logits = try model.forward(zip(caches, prompts).map { DecodeStep(cache: $0, tokens: $1) })
        let t0 = Clock.now()
        for _ in 0..<steps {
            let next = logits.map { Int32(topTwo($0).best) }
            logits = try model.forward(zip(caches, next).map { DecodeStep(cache: $0, tokens: [$1]) })
        }
        return Double(k * steps) / (Clock.now() - t0)
    }
}
