import BasaltEngine
import Foundation

/// Resident memory with the model (weights mapped, tokenizer built) and one KV cache of `context` positions,
/// filled entirely (prompt of context − 64 tokens in 512-token chunks, then 64 decode steps), against the budget
/// file size + KV cache bytes + 64 MiB.
enum Memory {
    static func run(_ s: BenchSettings, context: Int) throws {
        let file = try GGUFFile(path: s.modelPath)
        let tokenizer = try Tokenizer.make(file.tokenizerVocabulary())
        let model = try s.loadModel(file)
        let afterLoad = status()
        let decode = min(64, context / 2), promptLength = context - decode
        let cache = model.makeCache(capacity: context)
        let prompt = (0..<promptLength).map { Int32(($0 * 7919 + 13) % tokenizer.vocabularySize) }
        // Prompt in chunks of 512 tokens per forward pass, as LocalTextModel's batch planner feeds prompts.
        var logits: [Float] = []
        for start in stride(from: 0, to: promptLength, by: 512) {
            let chunk = Array(prompt[start..<min(promptLength, start + 512)])
            logits = try model.forward([DecodeStep(cache: cache, tokens: chunk)])[0]
        }
        for _ in 0..<decode {
            logits = try model.forward([DecodeStep(cache: cache, tokens: [Int32(topTwo(logits).best)])])[0]
        }
        let after = status()
        let fileBytes = (try FileManager.default.attributesOfItem(atPath: s.modelPath)[.size] as? NSNumber)?.intValue ?? 0
        let c = model.config
        let kvBytes = 2 * context * c.blockCount * c.headCountKV * c.headDimension * (s.halfPrecisionCache ? 2 : 4)
        let budget = fileBytes + kvBytes + 64 << 20
        func mib(_ b: Int) -> String { String(format: "%.1f MiB", Double(b) / 1_048_576) }
        print("rss after load: VmRSS \(mib(afterLoad.rss)), VmHWM \(mib(afterLoad.hwm))")
        print("rss after \(cache.count)/\(context) positions: VmRSS \(mib(after.rss)), VmHWM \(mib(after.hwm))")
        print("rss budget: file \(mib(fileBytes)) + KV \(mib(kvBytes)) (\(s.halfPrecisionCache ? "F16" : "F32"), "
              + "\(context) positions) + 64 MiB = \(mib(budget))")
        print("rss check: VmHWM \(mib(after.hwm)) \(after.hwm <= budget ? "<=" : ">") budget \(mib(budget)): "
              + (after.hwm <= budget ? "PASS" : "FAIL"))
    }

    /// VmRSS and VmHWM of this process in bytes, from /proc/self/status.
    static func status() -> (rss: Int, hwm: Int) {
        let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
        }
        return (field("VmRSS"), field("VmHWM"))
    }
}
