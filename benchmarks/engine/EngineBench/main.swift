// Engine benchmark and verification tool, built and run by ../run.sh (see there). Modes:
//   bench                     pp<PP> + tg<TG> (llama-bench style), REPS repetitions
//   micro                     single-thread kernel timings
//   tokenize FILE...          token ids of each file (whole and line by line), JSON lines
//   greedy PROMPT_FILE N      greedy decoding of N tokens after a raw prompt (special tokens parsed), JSON;
//                             reproduces llama.cpp's split-KV decode for THREADS threads (KV_SPLIT=0: off)
//   concurrent K TG           aggregate decode speed of K sequences batched per forward pass vs one (REPS rounds,
//                             medians)
//   rss [CTX]                 resident memory with the model loaded and a CTX-position KV cache filled
//   layers PROMPT_FILE TENSORS [STEP_TENSORS]  layer-by-layer bitwise comparison with llama.cpp's intermediates
//                             (llama_ref.c, LLAMA_REF_TENSORS=TENSORS) for the prompt in one forward pass, and
//                             each operation replayed on llama.cpp's inputs (also for the first decode step:
//                             STEP_TENSORS from LLAMA_REF_TENSORS_STEP=1)
import BasaltEngine
import Foundation

var settings = BenchSettings()
let arguments = Array(CommandLine.arguments.dropFirst())
let mode = arguments.first ?? "bench"
let rest = Array(arguments.dropFirst())

func usage() -> Never {
    FileHandle.standardError.write(Data("usage: EngineBench [bench|micro|tokenize FILE...|greedy PROMPT_FILE N|concurrent K TG|rss [CTX]|layers PROMPT_FILE TENSORS [STEP_TENSORS]]\n".utf8))
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
        if ProcessInfo.processInfo.environment["KV_SPLIT"] != "0" { settings.llamaCppThreads = settings.threads }
        try Verification.greedy(settings, promptFile: rest[0], steps: n)
    case "concurrent":
        guard rest.count == 2, let k = Int(rest[0]), let tg = Int(rest[1]), k >= 1, tg >= 1 else { usage() }
        try Concurrency.run(settings, sequences: k, steps: tg)
    case "layers":
        guard rest.count == 2 || rest.count == 3 else { usage() }
        try LayerComparison.run(settings, promptFile: rest[0], referencePath: rest[1], stepPath: rest.count == 3 ? rest[2] : nil)
    case "rss":
        try Memory.run(settings, context: rest.first.flatMap { Int($0) } ?? 1024)
    default: usage()
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
