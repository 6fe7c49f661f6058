import BasaltEngine
import Foundation

/// Environment knobs shared by every mode: MODEL (GGUF path, default the SmolLM2 test model under
/// BASALT_CACHE), THREADS, PP, TG, DEPTH, REPS, and for verification KV=f32 (F32 cache instead of F16) and EXACT=1
/// (unrounded activations).
struct BenchSettings {
    let modelPath: String
    let threads: Int
    let promptLength: Int
    let decodeLength: Int
    /// Tokens in the cache before decoding starts (DEPTH, as llama-bench -d).
    let depth: Int
    let repetitions: Int
    let halfPrecisionCache: Bool
    let exactActivations: Bool
    /// llama.cpp's thread count for its split-KV decode attention (`LlamaModel.Options.llamaCppThreads`):
    /// THREADS in `greedy` mode (the comparison runs llama.cpp with the same THREADS) unless KV_SPLIT=0.
    var llamaCppThreads: Int?

    init(_ env: [String: String] = ProcessInfo.processInfo.environment) {
        let cache = env["BASALT_CACHE"] ?? "/root/.cache/basalt"
        modelPath = env["MODEL"] ?? cache + "/models/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
        threads = Int(env["THREADS"] ?? "2") ?? 2
        promptLength = Int(env["PP"] ?? "512") ?? 512
        decodeLength = Int(env["TG"] ?? "128") ?? 128
        depth = Int(env["DEPTH"] ?? "0") ?? 0
        repetitions = Int(env["REPS"] ?? "3") ?? 3
        halfPrecisionCache = (env["KV"] ?? "f16").lowercased() != "f32"
        exactActivations = env["EXACT"] == "1"
        llamaCppThreads = nil
    }

    var modelOptions: LlamaModel.Options {
        .init(halfPrecisionCache: halfPrecisionCache, threads: threads, exactActivations: exactActivations,
              llamaCppThreads: llamaCppThreads)
    }

    func loadModel(_ file: GGUFFile) throws -> LlamaModel { try LlamaModel.load(file, options: modelOptions) }
}

/// Wall-clock and process CPU time in seconds.
enum Clock {
    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
    static func cpu() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

/// Index of the largest logit (the first on ties, as llama.cpp's greedy sampler) and the runner-up.
func topTwo(_ logits: [Float]) -> (best: Int, second: Int) {
    var b1 = logits[1] > logits[0] ? 1 : 0, b2 = 1 - b1
    for i in 2..<logits.count {
        if logits[i] > logits[b1] {
            b2 = b1
            b1 = i
        } else if logits[i] > logits[b2] {
            b2 = i
        }
    }
    return (b1, b2)
}
