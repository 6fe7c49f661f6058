import BasaltCore

/// The state of a request while it occupies a slot.
final class ActiveSequence {
    let job: EngineJob
    let decoder: any SequenceDecoder
    /// Admission order, for fair prefill.
    let order: UInt64
    /// Prompt tokens already in the cache.
    var prefilled: Int
    /// A sampled token not yet fed to the model.
    var pending: Int32?
    /// Tokens sampled so far.
    var produced = 0
    var firstByte: ContinuousClock.Instant?

    init(job: EngineJob, decoder: any SequenceDecoder, order: UInt64, prefilled: Int) {
        self.job = job
        self.decoder = decoder
        self.order = order
        self.prefilled = prefilled
    }

    var demand: BatchPlanner.Demand {
        pending == nil ? .prefill(remaining: job.prompt.tokens.count - prefilled) : .decode
    }

    /// The tokens to feed for a planned `count`.
    func tokens(count: Int) -> [Int32] {
        if let pending { return [pending] }
        return Array(job.prompt.tokens[prefilled..<prefilled + count])
    }
}
