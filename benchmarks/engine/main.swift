// Engine throughput benchmark (llama-bench style): prompt processing (ppN) and single-sequence decode (tgN).
// Built and run by run.sh; see README there. Also "micro" mode: single-thread kernel timings.
import BasaltEngine
import CBasaltKernels
import Foundation

let env = ProcessInfo.processInfo.environment
let cache = env["BASALT_CACHE"] ?? "/root/.cache/basalt"
let path = env["MODEL"] ?? cache + "/models/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
let mode = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "bench"
let threads = Int(env["THREADS"] ?? "2") ?? 2
let promptLength = Int(env["PP"] ?? "512") ?? 512
let decodeLength = Int(env["TG"] ?? "128") ?? 128
let repetitions = Int(env["REPS"] ?? "3") ?? 3

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
func cpu() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

let file = try GGUFFile(path: path)
if mode == "micro" {
    for name in ["blk.0.ffn_up.weight", "token_embd.weight"] {
        guard let info = file.tensor(name), let rowBytes = info.type.rowBytes(info.rowLength) else { continue }
        let rows = info.rowCount, k = info.rowLength, type = Int32(info.type.rawValue)
        for n in [1, 64] {
            let x = (0..<(n * k)).map { _ in Float.random(in: -1...1) }
            let ab = Int(bk_act_row_bytes(type, Int64(k)))
            let act = UnsafeMutableRawPointer.allocate(byteCount: ab * n, alignment: 64)
            for t in 0..<n { x.withUnsafeBufferPointer { bk_quantize_act(type, $0.baseAddress! + t * k, act + t * ab, Int64(k)) } }
            let out = UnsafeMutablePointer<Float>.allocate(capacity: rows * n)
            let reps = max(3, 2000 / (n * (rows / 1000 + 1)))
            let c0 = cpu()
            for _ in 0..<reps { bk_matmul(type, file.data(of: info), rowBytes, Int64(k), 0, Int64(rows), act, ab, Int64(n), out, Int64(rows)) }
            let dt = (cpu() - c0) / Double(reps)
            print(String(format: "%@ (%@) n=%d: %.3f ms, %.1f GB/s of weights, %.1f GMAC/s", name, info.type.description,
                         n, dt * 1e3, Double(rowBytes * rows) / dt / 1e9, Double(rows * k * n) / dt / 1e9))
        }
    }
    exit(0)
}

let model = try LlamaModel.load(file, options: .init(threads: threads))
print("model \(path), threads \(threads), AVX2 \(bk_has_avx2() != 0)")
let prompt = (0..<promptLength).map { Int32(($0 * 7919 + 13) % model.vocabularySize) }
_ = try model.forward([DecodeStep(cache: model.makeCache(capacity: 8), tokens: [1, 2, 3, 4])])  // warm-up
var ppRates: [Double] = [], tgRates: [Double] = []
for _ in 0..<repetitions {
    let sequence = model.makeCache(capacity: promptLength + 8)
    let t0 = now(), c0 = cpu()
    _ = try model.forward([DecodeStep(cache: sequence, tokens: prompt)])
    let dt = now() - t0
    ppRates.append(Double(promptLength) / dt)
    print(String(format: "pp%d: %.1f tok/s (%.3f s wall, %.3f s cpu)", promptLength, Double(promptLength) / dt, dt, cpu() - c0))

    let decode = model.makeCache(capacity: decodeLength + 8)
    var token: Int32 = 1
    let t1 = now(), c1 = cpu()
    for _ in 0..<decodeLength {
        let logits = try model.forward([DecodeStep(cache: decode, tokens: [token])])[0]
        token = Int32(logits.indices.max { logits[$0] < logits[$1] }!)
    }
    let dt1 = now() - t1
    tgRates.append(Double(decodeLength) / dt1)
    print(String(format: "tg%d: %.1f tok/s (%.3f s wall, %.3f s cpu)", decodeLength, Double(decodeLength) / dt1, dt1, cpu() - c1))
}
print(String(format: "best: pp%d %.1f tok/s, tg%d %.1f tok/s", promptLength, ppRates.max()!, decodeLength, tgRates.max()!))
