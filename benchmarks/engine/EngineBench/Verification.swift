import BasaltEngine
import Foundation

/// Basalt's side of the comparison with llama.cpp (reference/llama_ref.c prints the same JSON shapes).
enum Verification {
    /// For each file: the whole text and each non-empty line (without its newline), tokenized with
    /// `addSpecial: true` and `parseSpecial` false then true. One JSON object per line.
    static func tokenize(_ s: BenchSettings, files: [String]) throws {
        let tokenizer = try Tokenizer.make(GGUFFile(path: s.modelPath).tokenizerVocabulary())
        for path in files {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            let name = (path as NSString).lastPathComponent
            for special in [false, true] {
                func emit(_ line: Int, _ slice: ArraySlice<UInt8>) {
                    let ids = tokenizer.encode(String(decoding: slice, as: UTF8.self), addSpecial: true,
                                               parseSpecial: special)
                    print("{\"file\":\"\(name)\",\"line\":\(line),\"special\":\(special ? 1 : 0),\"ids\":\(json(ids))}")
                }
                emit(-1, bytes[...])
                var start = 0, line = 0
                for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x0A {
                    if i > start { emit(line, bytes[start..<i]) }
                    line += 1
                    start = i + 1
                }
            }
        }
    }

    /// Tokenizes the raw prompt as llama-server does (BOS per the vocabulary, special tokens parsed), feeds it in
    /// one forward pass, then decodes `steps` tokens greedily (never stopping at end-of-generation tokens).
    /// Prints the prompt ids, the chosen ids and each step's two largest logits. With DUMP_STEP=S and
    /// DUMP_FILE=F in the environment, writes step S's logits (float32) to F; with FORCE=F (comma-separated
    /// ids), feeds those ids instead of the argmax (teacher forcing; "ids" still lists each step's argmax).
    static func greedy(_ s: BenchSettings, promptFile: String, steps: Int) throws {
        let env = ProcessInfo.processInfo.environment
        let dumpStep = env["DUMP_STEP"].flatMap { Int($0) }, dumpFile = env["DUMP_FILE"]
        let forced = try env["FORCE"].map { path in
            try String(contentsOfFile: path, encoding: .utf8)
                .split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }).compactMap { Int32($0) }
        } ?? []
        let file = try GGUFFile(path: s.modelPath)
        let tokenizer = try Tokenizer.make(file.tokenizerVocabulary())
        let model = try s.loadModel(file)
        let text = try String(contentsOfFile: promptFile, encoding: .utf8)
        let prompt = tokenizer.encode(text, addSpecial: true, parseSpecial: true)
        let cache = model.makeCache(capacity: prompt.count + steps + 8)
        var input = prompt, ids: [Int32] = [], tops: [String] = []
        for step in 0..<steps {
            let logits = try model.forward([DecodeStep(cache: cache, tokens: input)])[0]
            if step == dumpStep, let dumpFile {
                try logits.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: dumpFile))
            }
            let (b1, b2) = topTwo(logits)
            tops.append(String(format: "[%d,%.6f,%d,%.6f]", b1, logits[b1], b2, logits[b2]))
            ids.append(Int32(b1))
            input = [step < forced.count ? forced[step] : Int32(b1)]
        }
        print("{\"prompt\":\(json(prompt)),\"ids\":\(json(ids)),\"top\":[\(tops.joined(separator: ","))]}")
    }

    static func json(_ ids: [Int32]) -> String { "[" + ids.map(String.init).joined(separator: ",") + "]" }
}
