/// Decides how many tokens each active slot feeds into the next forward pass (continuous batching):
/// every decoding slot feeds its one sampled token; prompts are fed in chunks that share a token budget,
/// oldest admission first, so a long prompt never stalls running sequences for more than one chunk.
struct BatchPlanner: Sendable, Hashable {
    /// What an active slot needs.
    enum Demand: Sendable, Hashable {
        /// One sampled token waits to be fed.
        case decode
        /// This many prompt tokens are not yet in the cache.
        case prefill(remaining: Int)
    }

    /// Most prompt tokens fed in one forward pass (across all prefilling slots).
    var prefillBudget: Int

    init(prefillBudget: Int = 512) {
        precondition(prefillBudget > 0)
        self.prefillBudget = prefillBudget
    }

    /// `demands` lists active slots in admission order. Returns (slot, token count) for each slot that feeds
    /// this step, in the same order; slots left out wait for a later step.
    func plan(_ demands: [(slot: Int, demand: Demand)]) -> [(slot: Int, count: Int)] {
        var budget = prefillBudget
        var out: [(slot: Int, count: Int)] = []
        out.reserveCapacity(demands.count)
        for (slot, demand) in demands {
            switch demand {
            case .decode:
                out.append((slot, 1))
            case .prefill(let remaining):
                guard budget > 0, remaining > 0 else { continue }
                let count = min(remaining, budget)
                budget -= count
                out.append((slot, count))
            }
        }
        return out
    }
}
