import Foundation

/// Candidate selection for ``Sampler``: argmax, bounded-heap top-k, nucleus cut, weighted draw and the
/// constrained fallback walk. Ties in logit prefer the lower token id.
extension Sampler {
    /// Logit ratio below which a token is negligible next to the best one (probability ratio 1e-4 at T=1).
    static let negligibleGap: Float = 9.21

    @inline(__always)
    static func usable(_ l: Float) -> Bool { l.isFinite }

    /// True when token `a` is preferred to token `b`.
    @inline(__always)
    static func prefer(_ a: Int32, _ b: Int32, _ logits: UnsafeBufferPointer<Float>) -> Bool {
        let la = logits[Int(a)], lb = logits[Int(b)]
        return la > lb || (la == lb && a < b)
    }

    /// Index of the largest finite, non-banned logit.
    func argmax(_ logits: UnsafeBufferPointer<Float>, banned: Set<Int32>) -> Int32? {
        var best = -1
        var bestValue = -Float.infinity
        for i in 0..<logits.count {
            let l = logits[i]
            if l > bestValue, Self.usable(l), banned.isEmpty || !banned.contains(Int32(i)) {
                best = i
                bestValue = l
            }
        }
        return best < 0 ? nil : Int32(best)
    }

    /// Fills `ids` with the candidates surviving top-k then top-p: best first after top-k; in vocabulary order
    /// when only top-p applies (drawing does not need an order) or when neither filter is active.
    mutating func selectCandidates(_ logits: UnsafeBufferPointer<Float>, banned: Set<Int32>) {
        if topK > 0 {
            selectTop(min(topK, logits.count), logits, banned: banned)
            cutNucleus(logits, normaliser: nil)
        } else if topP < 1 {
            selectNucleus(logits, banned: banned)
        } else {
            ids.removeAll(keepingCapacity: true)
            for i in 0..<logits.count where Self.usable(logits[i]) && (banned.isEmpty || !banned.contains(Int32(i))) {
                ids.append(Int32(i))
            }
        }
    }

    /// Top-p over the whole vocabulary without sorting it: token masses are bucketed by distance to the best
    /// logit (1/32-logit buckets), the bucket holding the `topP` boundary is found by a cumulative walk, and
    /// only that bucket is sorted to place the cut exactly.
    mutating func selectNucleus(_ logits: UnsafeBufferPointer<Float>, banned: Set<Int32>) {
        ids.removeAll(keepingCapacity: true)
        guard let best = argmax(logits, banned: banned) else { return }
        let lmax = logits[Int(best)]
        let bucketCount = 1024, perLogit: Float = 32
        var mass = [Double](repeating: 0, count: bucketCount)
        func bucket(_ l: Float) -> Int { min(bucketCount - 1, Int((lmax - l) * perLogit)) }
        var z = 0.0
        for i in 0..<logits.count where Self.usable(logits[i]) && (banned.isEmpty || !banned.contains(Int32(i))) {
            let e = Double(Foundation.exp(logits[i] - lmax))
            z += e
            mass[bucket(logits[i])] += e
        }
        let target = Double(topP) * z
        var cumulative = 0.0
        var boundary = bucketCount - 1
        for b in 0..<bucketCount {
            if cumulative + mass[b] >= target {
                boundary = b
                break
            }
            cumulative += mass[b]
        }
        var edge: [Int32] = []
        for i in 0..<logits.count where Self.usable(logits[i]) && (banned.isEmpty || !banned.contains(Int32(i))) {
            let b = bucket(logits[i])
            if b < boundary {
                ids.append(Int32(i))
            } else if b == boundary {
                edge.append(Int32(i))
            }
        }
        edge.sort { Self.prefer($0, $1, logits) }
        for t in edge where cumulative < target || ids.isEmpty {
            cumulative += Double(Foundation.exp(logits[Int(t)] - lmax))
            ids.append(t)
        }
    }

    /// Keeps in `ids` the `k` best usable, non-banned tokens, sorted best first (bounded min-heap).
    mutating func selectTop(_ k: Int, _ logits: UnsafeBufferPointer<Float>, banned: Set<Int32>) {
        ids.removeAll(keepingCapacity: true)
        guard k > 0 else { return }
        // Min-heap on preference: ids[0] is the least preferred kept token.
        func siftDown(_ h: inout [Int32], _ start: Int) {
            var i = start
            let count = h.count
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < count, Self.prefer(h[m], h[l], logits) { m = l }
                if r < count, Self.prefer(h[m], h[r], logits) { m = r }
                if m == i { return }
                h.swapAt(i, m)
                i = m
            }
        }
        var threshold = -Float.infinity
        for i in 0..<logits.count {
            let l = logits[i]
            guard l >= threshold, Self.usable(l) else { continue }
            let t = Int32(i)
            if !banned.isEmpty && banned.contains(t) { continue }
            if ids.count < k {
                ids.append(t)
                var c = ids.count - 1
                while c > 0 {
                    let p = (c - 1) / 2
                    guard Self.prefer(ids[p], ids[c], logits) else { break }
                    ids.swapAt(p, c)
                    c = p
                }
                if ids.count == k { threshold = logits[Int(ids[0])] }
            } else if Self.prefer(t, ids[0], logits) {
                ids[0] = t
                siftDown(&ids, 0)
                threshold = logits[Int(ids[0])]
            }
        }
        ids.sort { Self.prefer($0, $1, logits) }
    }

    /// Drops the tail of the (sorted) candidates beyond the smallest prefix holding `topP` of the mass
    /// at temperature 1. `normaliser` is the full softmax denominator relative to the best logit, or nil
    /// to normalise over the candidates themselves (llama.cpp: top-p after top-k sees only the top-k).
    mutating func cutNucleus(_ logits: UnsafeBufferPointer<Float>, normaliser: Double?) {
        guard topP < 1, let first = ids.first else { return }
        let lmax = logits[Int(first)]
        var z = normaliser ?? 0
        if normaliser == nil {
            for t in ids { z += Double(Foundation.exp(logits[Int(t)] - lmax)) }
        }
        let target = Double(topP) * z
        var cumulative = 0.0
        for i in ids.indices {
            cumulative += Double(Foundation.exp(logits[Int(ids[i])] - lmax))
            if cumulative >= target {
                ids.removeSubrange((i + 1)...)
                return
            }
        }
    }

    /// Draws one of `ids` with weight `exp((logit - max) / temperature)`.
    mutating func draw(_ logits: UnsafeBufferPointer<Float>) -> Int32? {
        guard !ids.isEmpty else { return nil }
        if ids.count == 1 { return ids[0] }
        var lmax = -Float.infinity
        for t in ids { lmax = max(lmax, logits[Int(t)]) }
        let invT = 1 / temperature
        weights.removeAll(keepingCapacity: true)
        var total = 0.0
        for t in ids {
            let w = Double(Foundation.exp((logits[Int(t)] - lmax) * invT))
            weights.append(w)
            total += w
        }
        var u = rng.nextUnit() * total
        for i in ids.indices {
            u -= weights[i]
            if u < 0 { return ids[i] }
        }
        return ids[ids.count - 1]
    }

    /// Finds tokens the constraint accepts when the sampled candidates had none. First the best 256 tokens by
    /// logit are tried in order; if none is accepted, every other token is scanned, skipping those whose first
    /// byte the constraint rejects (256 one-byte probes). Greedy takes the best accepted token; otherwise up to
    /// top-k (or 256) accepted tokens within a negligible-probability gap of the best are cut by top-p and drawn.
    mutating func fallback<C: TokenConstraint>(
        _ logits: UnsafeBufferPointer<Float>, banned: Set<Int32>, constraint: C, tokenBytes: (Int32) -> [UInt8]
    ) -> Int32? {
        let cap = isGreedy ? 1 : (topK > 0 ? topK : 256)
        selectTop(min(256, logits.count), logits, banned: banned)
        accepted.removeAll(keepingCapacity: true)
        for t in ids {
            let bytes = tokenBytes(t)
            guard !bytes.isEmpty, constraint.accepts(bytes) else { continue }
            accepted.append(t)
            if accepted.count >= cap { break }
        }
        if accepted.isEmpty, let last = ids.last {
            var firstByteOK = [Bool](repeating: false, count: 256)
            for b in 0..<256 { firstByteOK[b] = constraint.accepts(CollectionOfOne(UInt8(b))) }
            for i in 0..<logits.count where Self.usable(logits[i]) && Self.prefer(last, Int32(i), logits) {
                let t = Int32(i)
                let bytes = tokenBytes(t)
                guard let first = bytes.first, firstByteOK[Int(first)], constraint.accepts(bytes) else { continue }
                if !banned.isEmpty && banned.contains(t) { continue }
                accepted.append(t)
            }
            accepted.sort { Self.prefer($0, $1, logits) }
            if accepted.count > cap { accepted.removeSubrange(cap...) }
        }
        guard let best = accepted.first else { return nil }
        if isGreedy { return best }
        let floor = logits[Int(best)] - Self.negligibleGap * temperature
        ids.removeAll(keepingCapacity: true)
        for t in accepted where logits[Int(t)] >= floor { ids.append(t) }
        cutNucleus(logits, normaliser: nil)
        return draw(logits)
    }
}
