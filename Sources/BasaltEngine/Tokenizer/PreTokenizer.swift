/// Splits text into words before byte-level BPE, reproducing llama.cpp's pre-tokenizer regexes
/// (`tokenizer.ggml.pre`) with hand-written matchers instead of a regex engine.
struct PreTokenizer: Sendable {
    /// One regex of llama.cpp's per-variant list. Passes run in order, each on the pieces of the previous.
    enum Pass: Sendable {
        /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
        case gpt2
        /// Llama 3: `(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|
        /// ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`; Qwen 2 is the same with `\p{N}` (maxDigits 1).
        case llama3(maxDigits: Int)
        /// `\p{N}`: every digit alone.
        case singleDigits
        /// `\p{N}+`
        case digitRuns
        /// `[0-9][0-9][0-9]`
        case asciiDigitTriples
        /// `[\p{P}\$\+<=>\^~\|]+`
        case punctuationRuns
    }

    let passes: [Pass]

    /// The passes llama.cpp uses for a `tokenizer.ggml.pre` value.
    init(variant: String?) {
        switch variant ?? "default" {
        case "llama-bpe", "llama3", "llama-v3", "dbrx", "smaug-bpe", "falcon3", "pixtral", "llama4":
            passes = [.llama3(maxDigits: 3)]
        case "qwen2", "deepseek-r1-qwen", "megrez", "hunyuan":
            passes = [.llama3(maxDigits: 1)]
        case "smollm", "starcoder", "refact", "command-r", "codeshell", "exaone", "minerva":
            passes = [.singleDigits, .gpt2]
        case "default":
            passes = [.punctuationRuns, .gpt2, .digitRuns, .asciiDigitTriples]
        default:
            passes = [.gpt2]
        }
    }

    init(passes: [Pass]) { self.passes = passes }

    /// The words of `text`, covering it entirely and in order.
    func split(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var pieces: [Range<Int>] = [0..<scalars.count]
        for pass in passes {
            var next: [Range<Int>] = []
            next.reserveCapacity(pieces.count * 2)
            for piece in pieces where !piece.isEmpty {
                var m = Matcher(scalars: scalars, end: piece.upperBound)
                m.run(pass, from: piece.lowerBound, into: &next)
            }
            pieces = next
        }
        return pieces.map { r in
            var v = String.UnicodeScalarView()
            v.append(contentsOf: scalars[r])
            return String(v)
        }
    }
}

/// Character classes of the regexes: `\p{L}`, `\p{N}`, `\s`, `\p{P}`.
private struct ScalarClass {
    var letter = false
    var number = false
    var space = false
    var punctuation = false

    init(_ s: Unicode.Scalar) {
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: letter = true
        case .decimalNumber, .letterNumber, .otherNumber: number = true
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            punctuation = true
        default: break
        }
        space = s.properties.isWhitespace
    }
}

/// Runs one pass over `scalars[start..<end]`, appending matched and unmatched pieces in order.
private struct Matcher {
    let scalars: [Unicode.Scalar]
    let end: Int

    private func cls(_ i: Int) -> ScalarClass? { i < end ? ScalarClass(scalars[i]) : nil }
    private func value(_ i: Int) -> UInt32 { i < end ? scalars[i].value : 0xFFFF_FFFF }
    private func isLetter(_ i: Int) -> Bool { cls(i)?.letter ?? false }
    private func isNumber(_ i: Int) -> Bool { cls(i)?.number ?? false }
    private func isSpace(_ i: Int) -> Bool { cls(i)?.space ?? false }
    private func isOther(_ i: Int) -> Bool {
        guard let c = cls(i) else { return false }
        return !(c.space || c.letter || c.number)
    }
    private func lower(_ i: Int) -> UInt32 {
        let v = value(i)
        return (0x41...0x5A).contains(v) ? v + 0x20 : v
    }

    mutating func run(_ pass: PreTokenizer.Pass, from start: Int, into out: inout [Range<Int>]) {
        switch pass {
        case .gpt2: runGPT2(start, &out)
        case .llama3(let maxDigits): runLlama3(start, maxDigits, &out)
        case .singleDigits: runSimple(start, &out) { i in isNumber(i) ? i + 1 : nil }
        case .digitRuns:
            runSimple(start, &out) { i in
                guard isNumber(i) else { return nil }
                var j = i
                while isNumber(j) { j += 1 }
                return j
            }
        case .asciiDigitTriples:
            runSimple(start, &out) { i in
                (0..<3).allSatisfy { (0x30...0x39).contains(value(i + $0)) } ? i + 3 : nil
            }
        case .punctuationRuns:
            runSimple(start, &out) { i in
                func ok(_ k: Int) -> Bool {
                    guard let c = cls(k) else { return false }
                    return c.punctuation || [0x24, 0x2B, 0x3C, 0x3D, 0x3E, 0x5E, 0x7E, 0x7C].contains(value(k))
                }
                guard ok(i) else { return nil }
                var j = i
                while ok(j) { j += 1 }
                return j
            }
        }
    }

    /// A regex with a single alternative: matches become pieces, and so do the gaps between them.
    private func runSimple(_ start: Int, _ out: inout [Range<Int>], _ match: (Int) -> Int?) {
        var gapStart = start
        var i = start
        while i < end {
            if let e = match(i), e > i {
                if gapStart < i { out.append(gapStart..<i) }
                out.append(i..<e)
                i = e
                gapStart = e
            } else {
                i += 1
            }
        }
        if gapStart < end { out.append(gapStart..<end) }
    }

    private func whitespaceRun(_ pos: Int) -> Int {
        var n = 0
        while isSpace(pos + n) { n += 1 }
        return n
    }

    private func runGPT2(_ start: Int, _ out: inout [Range<Int>]) {
        var pos = start
        while pos < end {
            let s = pos
            defer { out.append(s..<pos) }
            let c = value(pos)
            if c == 0x27, pos + 1 < end {  // 's 't 'm 'd 're 've 'll (case-sensitive)
                let c1 = value(pos + 1)
                if [0x73, 0x74, 0x6D, 0x64].contains(c1) { pos += 2; continue }
                if pos + 2 < end {
                    let c2 = value(pos + 2)
                    if (c1 == 0x72 && c2 == 0x65) || (c1 == 0x76 && c2 == 0x65) || (c1 == 0x6C && c2 == 0x6C) {
                        pos += 3
                        continue
                    }
                }
            }
            let lead = c == 0x20 ? pos + 1 : pos
            if isLetter(lead) {
                pos = lead
                while isLetter(pos) { pos += 1 }
                continue
            }
            if isNumber(lead) {
                pos = lead
                while isNumber(pos) { pos += 1 }
                continue
            }
            if isOther(lead) {
                pos = lead
                while isOther(pos) { pos += 1 }
                continue
            }
            let ws = whitespaceRun(pos)
            if ws > 1, pos + ws < end {
                pos += ws - 1
                continue
            }
            if ws > 0 {
                pos += ws
                continue
            }
            pos += 1
        }
    }

    private func runLlama3(_ start: Int, _ maxDigits: Int, _ out: inout [Range<Int>]) {
        var pos = start
        while pos < end {
            let s = pos
            defer { out.append(s..<pos) }
            let c = value(pos)
            if c == 0x27, pos + 1 < end {  // contractions, case-insensitive
                let c1 = lower(pos + 1)
                if [0x73, 0x74, 0x6D, 0x64].contains(c1) { pos += 2; continue }
                if pos + 2 < end {
                    let c2 = lower(pos + 2)
                    if (c1 == 0x72 && c2 == 0x65) || (c1 == 0x76 && c2 == 0x65) || (c1 == 0x6C && c2 == 0x6C) {
                        pos += 3
                        continue
                    }
                }
            }
            // [^\r\n\p{L}\p{N}]?\p{L}+
            if !(c == 0x0D || c == 0x0A || isNumber(pos)), isLetter(pos) || isLetter(pos + 1) {
                pos += 1
                while isLetter(pos) { pos += 1 }
                continue
            }
            // \p{N}{1,maxDigits}
            if isNumber(pos) {
                var n = 0
                while n < maxDigits, isNumber(pos) { pos += 1; n += 1 }
                continue
            }
            // ?[^\s\p{L}\p{N}]+[\r\n]*
            let lead = c == 0x20 ? pos + 1 : pos
            if isOther(lead) {
                pos = lead
                while isOther(pos) { pos += 1 }
                while value(pos) == 0x0D || value(pos) == 0x0A { pos += 1 }
                continue
            }
            // \s*[\r\n]+
            var ws = 0
            var lastNewlineEnd = 0
            while isSpace(pos + ws) {
                let v = value(pos + ws)
                if v == 0x0D || v == 0x0A { lastNewlineEnd = pos + ws + 1 }
                ws += 1
            }
            if lastNewlineEnd > 0 {
                pos = lastNewlineEnd
                continue
            }
            // \s+(?!\S)|\s+
            if ws > 1, pos + ws < end {
                pos += ws - 1
                continue
            }
            if ws > 0 {
                pos += ws
                continue
            }
            pos += 1
        }
    }
}
