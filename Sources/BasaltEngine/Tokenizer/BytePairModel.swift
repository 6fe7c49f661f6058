/// Byte-level BPE (`tokenizer.ggml.model == "gpt2"`): a word's bytes start as single-byte tokens and the
/// adjacent pair with the lowest merge rank is merged until no ranked pair is left (leftmost first on ties).
struct BytePairModel: Sendable {
    private struct Merge: Sendable {
        var rank: Int32
        var result: Int32
    }

    /// Token id of each byte's single-character token (-1 when the vocabulary lacks it).
    private let byteTokens: [Int32]
    /// Merge rank and resulting token of a (left, right) token pair, keyed by `left << 32 | right`.
    private let merges: [UInt64: Merge]
    /// Token ids by byte-level text.
    private let ids: [String: Int32]
    /// Llama 3 style: a word that is itself a token is emitted as is, without merging.
    private let ignoreMerges: Bool

    init(tokens: [String], merges mergeLines: [String], ignoreMerges: Bool) throws(TokenizerError) {
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(tokens.count)
        for (i, t) in tokens.enumerated() where ids[t] == nil { ids[t] = Int32(i) }
        self.ids = ids
        self.byteTokens = ByteLevelEncoding.byteToScalar.map { ids[String(Character($0))] ?? -1 }
        var merges: [UInt64: Merge] = [:]
        merges.reserveCapacity(mergeLines.count)
        for (rank, line) in mergeLines.enumerated() {
            let chars = Array(line)
            guard chars.count >= 3, let sp = chars[1...].firstIndex(of: " ") else {
                throw TokenizerError("Malformed merge #\(rank): \(line)")
            }
            let left = String(chars[..<sp]), right = String(chars[(sp + 1)...])
            guard let l = ids[left], let r = ids[right], let res = ids[left + right] else { continue }
            let key = UInt64(UInt32(bitPattern: l)) << 32 | UInt64(UInt32(bitPattern: r))
            if merges[key] == nil { merges[key] = Merge(rank: Int32(rank), result: res) }
        }
        self.merges = merges
        self.ignoreMerges = ignoreMerges
    }

    /// Appends the tokens of one pre-tokenized word.
    func encode(word: String, into out: inout [Int32]) {
        let bytes = Array(word.utf8)
        if bytes.isEmpty { return }
        if ignoreMerges, let id = ids[ByteLevelEncoding.encode(bytes)] {
            out.append(id)
            return
        }
        var symbols = bytes.map { byteTokens[Int($0)] }
        if symbols.contains(-1) {
            // A byte without a token (not a real byte-level vocabulary): keep what can be represented.
            out.append(contentsOf: symbols.filter { $0 >= 0 })
            return
        }
        while symbols.count > 1 {
            var best = Int32.max, bestAt = -1, bestResult: Int32 = 0
            for i in 0..<(symbols.count - 1) {
                let key = UInt64(UInt32(bitPattern: symbols[i])) << 32 | UInt64(UInt32(bitPattern: symbols[i + 1]))
                if let m = merges[key], m.rank < best {
                    best = m.rank
                    bestAt = i
                    bestResult = m.result
                }
            }
            if bestAt < 0 { break }
            symbols[bestAt] = bestResult
            symbols.remove(at: bestAt + 1)
        }
        out.append(contentsOf: symbols)
    }
}
