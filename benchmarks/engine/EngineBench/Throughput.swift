import BasaltEngine
import CBasaltKernels
import Foundation

/// llama-bench style throughput: prompt processing (one forward pass over PP tokens) and single-sequence
/// decoding (TG forward passes of one token, greedy), plus single-thread kernel timings.
enum Throughput {
    static func run(_ s: BenchSettings) throws {
        let file = try GGUFFile(path: s.modelPath)
        let model = try s.loadModel(file)
        print("model \(s.modelPath), threads \(s.threads), AVX2 \(bk_has_avx2() != 0)")
        let prompt = (0..<s.promptLength).map { Int32(($0 * 7919 + 13) % model.vocabularySize) }
        _ = try model.forward([DecodeStep(cache: model.makeCache(capacity: 8), tokens: [1, 2, 3, 4])])  // warm-up
        var ppRates: [Double] = [], tgRates: [Double] = []
        for _ in 0..<s.repetitions {
            let sequence = model.makeCache(capacity: s.promptLength + 8)
            let t0 = Clock.now(), c0 = Clock.cpu()
            _ = try model.forward([DecodeStep(cache: sequence, tokens: prompt)])
            let dt = Clock.now() - t0
            ppRates.append(Double(s.promptLength) / dt)
            print(String(format: "pp%d: %.1f tok/s (%.3f s wall, %.3f s cpu)", s.promptLength,
                         Double(s.promptLength) / dt, dt, Clock.cpu() - c0))

            // DEPTH tokens already in the cache (llama-bench -d), prefilled in chunks of 512 (its ubatch).
            let decode = model.makeCache(capacity: s.depth + s.decodeLength + 8)
            let context = (0..<s.depth).map { Int32(($0 * 7919 + 13) % model.vocabularySize) }
            for start in stride(from: 0, to: s.depth, by: 512) {
                _ = try model.forward([DecodeStep(cache: decode, tokens: Array(context[start..<min(s.depth, start + 512)]))])
            }
            var token: Int32 = 1
            let t1 = Clock.now(), c1 = Clock.cpu()
            for _ in 0..<s.decodeLength {
                let logits = try model.forward([DecodeStep(cache: decode, tokens: [token])])[0]
                token = Int32(topTwo(logits).best)
            }
            let dt1 = Clock.now() - t1
            tgRates.append(Double(s.decodeLength) / dt1)
            print(String(format: "tg%d%@: %.1f tok/s (%.3f s wall, %.3f s cpu)", s.decodeLength,
                         s.depth > 0 ? " @ d\(s.depth)" : "", Double(s.decodeLength) / dt1, dt1, Clock.cpu() - c1))
        }
        print(String(format: "best: pp%d %.1f tok/s, tg%d %.1f tok/s", s.promptLength, ppRates.max()!,
                     s.decodeLength, tgRates.max()!))
    }

    static func micro(_ s: BenchSettings) throws {
        let file = try GGUFFile(path: s.modelPath)
        for name in ["blk.0.ffn_up.weight", "token_embd.weight"] {
            guard let info = file.tensor(name), let rowBytes = info.type.rowBytes(info.rowLength) else { continue }
            let rows = info.rowCount, k = info.rowLength, type = Int32(info.type.rawValue)
            for n in [1, 2, 4, 8, 64] {
                let x = (0..<(n * k)).map { _ in Float.random(in: -1...1) }
                let ab = Int(bk_act_row_bytes(type, Int64(k)))
                let act = UnsafeMutableRawPointer.allocate(byteCount: ab * n, alignment: 64)
                defer { act.deallocate() }
                for t in 0..<n {
                    x.withUnsafeBufferPointer { bk_quantize_act(type, $0.baseAddress! + t * k, act + t * ab, Int64(k)) }
                }
                let out = UnsafeMutablePointer<Float>.allocate(capacity: rows * n)
                defer { out.deallocate() }
                let reps = max(3, 2000 / (n * (rows / 1000 + 1)))
                let c0 = Clock.cpu()
                for _ in 0..<reps {
                    bk_matmul(type, file.data(of: info), rowBytes, Int64(k), 0, Int64(rows), act, ab, Int64(n), out,
                              Int64(rows))
                }
                let dt = (Clock.cpu() - c0) / Double(reps)
                print(String(format: "%@ (%@) n=%d: %.3f ms, %.1f GB/s of weights, %.1f GMAC/s", name,
                             info.type.description, n, dt * 1e3, Double(rowBytes * rows) / dt / 1e9,
                             Double(rows * k * n) / dt / 1e9))
            }
        }
    }
}
