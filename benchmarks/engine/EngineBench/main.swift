// Engine benchmark and verification tool, built and run by ../run.sh (see there). Modes:
//   bench                     pp<PP> + tg<TG> (llama-bench style), REPS repetitions
//   micro                     single-thread kernel timings
//   tokenize FILE...          token ids of each file (whole and line by line), JSON lines
//   greedy PROMPT_FILE N      greedy decoding of N tokens after a raw prompt (special tokens parsed), JSON
//   concurrent K TG           aggregate decode speed of K sequences batched per forward pass vs one
//   rss [CTX]                 resident memory with the model loaded and a CTX-position KV cache filled
import BasaltEngine
import Foundation

let settings = BenchSettings()
let arguments = Array(CommandLine.arguments.dropFirst())
let mode = arguments.first ?? "bench"
let rest = Array(arguments.dropFirst())

func usage() -> Never {
    FileHandle.standardError.write(Data("usage: EngineBench [bench|micro|tokenize FILE...|greedy PROMPT_FILE N|concurrent K TG|rss [CTX]]\n".utf8))
    exit(2)
}

do {
    switch mode {
    case "bench": try Throughput.run(settings)
    case "micro": try Throughput.micro(settings)
    case "tokenize":
        guard !rest.isEmpty else { usage() }
        try Verification.tokenize(settings, files: rest)
    case "greedy":
        guard rest.count == 2, let n = Int(rest[1]) else { usage() }
        try Verification.greedy(settings, promptFile: rest[0], steps: n)
    case "concurrent":
        guard rest.count == 2, let k = Int(rest[0]), let tg = Int(rest[1]), k >= 1, tg >= 1 else { usage() }
        try Concurrency.run(settings, sequences: k, steps: tg)
    case "rss":
        try Memory.run(settings, context: rest.first.flatMap { Int($0) } ?? 1024)
    default: usage()
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
