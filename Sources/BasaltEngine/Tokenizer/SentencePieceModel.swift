import Foundation

/// SentencePiece BPE (`tokenizer.ggml.model == "llama"`), as llama.cpp runs it: spaces become `▁`, the text
/// starts as one symbol per character, the adjacent pair whose concatenation is the highest-scoring token is
/// merged repeatedly, and symbols that are not tokens fall back to `<0xXX>` byte tokens.
struct SentencePieceModel: Sendable {
    private let ids: [String: Int32]
    private let scores: [Float]
    private let byteTokens: [Int32]
    private let unknownId: Int32

    init(tokens: [String], scores: [Float], tokenTypes: [Int32], unknownId: Int32?) {
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(tokens.count)
        for (i, t) in tokens.enumerated() where ids[t] == nil { ids[t] = Int32(i) }
        self.ids = ids
        self.scores = scores.count == tokens.count ? scores : [Float](repeating: 0, count: tokens.count)
        self.byteTokens = (0..<256).map { b in
            ids[String(format: "<0x%02X>", b)] ?? -1
        }
        self.unknownId = unknownId ?? ids["<unk>"] ?? 0
    }

    private struct Symbol {
        var text: Substring
        var prev: Int
        var next: Int
    }

    private struct Bigram: Comparable {
        var left: Int
        var right: Int
        var score: Float
        var size: Int
        /// Max-heap order: higher score first, then the leftmost pair.
        static func < (a: Bigram, b: Bigram) -> Bool {
            a.score != b.score ? a.score < b.score : a.left > b.left
        }
    }

    /// Appends the tokens of `text` (already escaped: spaces replaced by `▁`).
    func encode(escaped text: String, into out: inout [Int32]) {
        var symbols: [Symbol] = []
        var i = text.startIndex
        while i < text.endIndex {
            let n = text.unicodeScalars.index(after: i)
            symbols.append(Symbol(text: text[i..<n], prev: symbols.count - 1, next: symbols.count + 1))
            i = n
        }
        if symbols.isEmpty { return }
        symbols[symbols.count - 1].next = -1
        var heap = BinaryMaxHeap<Bigram>()
        func tryAdd(_ l: Int, _ r: Int) {
            guard l >= 0, r >= 0 else { return }
            let joined = String(symbols[l].text) + symbols[r].text
            guard let id = ids[joined] else { return }
            heap.push(Bigram(left: l, right: r, score: scores[Int(id)], size: joined.utf8.count))
        }
        for k in 1..<symbols.count { tryAdd(k - 1, k) }
        while let b = heap.pop() {
            let l = b.left, r = b.right
            if symbols[l].text.isEmpty || symbols[r].text.isEmpty
                || symbols[l].text.utf8.count + symbols[r].text.utf8.count != b.size
            {
                continue
            }
            // Both symbols are slices of `text`, adjacent: extend the left one over the right one.
            symbols[l].text = text[symbols[l].text.startIndex..<symbols[r].text.endIndex]
            symbols[r].text = text[symbols[r].text.endIndex..<symbols[r].text.endIndex]
            symbols[l].next = symbols[r].next
            if symbols[r].next >= 0 { symbols[symbols[r].next].prev = l }
            tryAdd(symbols[l].prev, l)
            tryAdd(l, symbols[l].next)
        }
        var k = 0
        while k >= 0 {
            resegment(symbols[k].text, into: &out)
            k = symbols[k].next
        }
    }

    /// Every merged symbol is a token; a single character that is not one falls back to byte tokens.
    private func resegment(_ text: Substring, into out: inout [Int32]) {
        if text.isEmpty { return }
        if let id = ids[String(text)] {
            out.append(id)
            return
        }
        for byte in text.utf8 {
            let t = byteTokens[Int(byte)]
            out.append(t >= 0 ? t : unknownId)
        }
    }
}

/// A minimal binary max-heap.
struct BinaryMaxHeap<Element: Comparable> {
    private var items: [Element] = []

    mutating func push(_ e: Element) {
        items.append(e)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if items[p] < items[i] {
                items.swapAt(p, i)
                i = p
            } else {
                break
            }
        }
    }

    mutating func pop() -> Element? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count, items[m] < items[l] { m = l }
            if r < items.count, items[m] < items[r] { m = r }
            if m == i { break }
            items.swapAt(i, m)
            i = m
        }
        return top
    }
}
