import BasaltCore
import Foundation

/// The engine thread's body: owns the model and the slots, and iterates admit → plan → forward → sample → emit.
/// Created and run on the dedicated engine thread; never shared.
final class EngineLoop {
    private let model: any DecoderModel
    private let pipeline: any TextPipeline
    private let inbox: EngineInbox
    private let planner: BatchPlanner
    private var slots: [Slot]
    private var admissions: UInt64 = 0

    init(model: any DecoderModel, pipeline: any TextPipeline, inbox: EngineInbox, slots: Int, contextPerSlot: Int,
         planner: BatchPlanner) {
        self.model = model
        self.pipeline = pipeline
        self.inbox = inbox
        self.planner = planner
        self.slots = (0..<slots).map { _ in Slot(cache: model.makeCache(capacity: contextPerSlot)) }
    }

    /// Starts the dedicated engine thread (compute blocks, so it stays off the cooperative pool).
    static func start(model: any DecoderModel, pipeline: any TextPipeline, inbox: EngineInbox, slots: Int,
                      contextPerSlot: Int, planner: BatchPlanner) {
        let thread = Thread {
            let loop = EngineLoop(model: model, pipeline: pipeline, inbox: inbox, slots: slots,
                                  contextPerSlot: contextPerSlot, planner: planner)
            loop.run()
        }
        thread.name = "basalt-engine"
        thread.stackSize = 8 << 20
        thread.start()
    }

    func run() {
        while true {
            let free = slots.indices.filter { slots[$0].active == nil }.count
            guard let intake = inbox.take(freeSlots: free, busy: free < slots.count) else { break }
            for index in slots.indices {
                if let active = slots[index].active, intake.cancelled.contains(active.job.id) {
                    slots[index].active = nil
                }
            }
            for job in intake.admitted { admit(job) }
            step()
        }
        for index in slots.indices {
            slots[index].active?.job.continuation.finish(throwing: BackendError.modelFailure("The model has been unloaded."))
            slots[index].active = nil
        }
    }

    /// Places a job in the free slot that already holds the longest prefix of its prompt.
    private func admit(_ job: EngineJob) {
        let free = slots.indices.filter { slots[$0].active == nil }
        guard let best = free.max(by: { slots[$0].sharedPrefix(with: job.prompt.tokens)
                                      < slots[$1].sharedPrefix(with: job.prompt.tokens) }) else {
            preconditionFailure("admitted without a free slot")
        }
        // Feed at least one prompt token so the model produces logits for the first output token.
        var reuse = min(slots[best].sharedPrefix(with: job.prompt.tokens), job.prompt.tokens.count - 1)
        if slots[best].cache.count != slots[best].cached.count { reuse = 0 }
        slots[best].truncate(to: reuse)
        admissions += 1
        let decoder = pipeline.makeDecoder(for: job.request, prompt: job.prompt)
        slots[best].active = ActiveSequence(job: job, decoder: decoder, order: admissions, prefilled: reuse)
    }

    /// One forward pass over every active slot, then sampling and emission.
    private func step() {
        let demands = slots.indices.compactMap { i in slots[i].active.map { (slot: i, order: $0.order, demand: $0.demand) } }
            .sorted { $0.order < $1.order }
            .map { (slot: $0.slot, demand: $0.demand) }
        let plan = planner.plan(demands)
        guard !plan.isEmpty else { return }
        let fed = plan.map { slots[$0.slot].active!.tokens(count: $0.count) }
        let steps = zip(plan, fed).map { DecodeStep(cache: slots[$0.slot].cache, tokens: $1) }
        let logits: [[Float]]
        do {
            logits = try model.forward(steps)
        } catch {
            for entry in plan {
                slots[entry.slot].active?.job.continuation.finish(throwing: BackendError.modelFailure("\(error)"))
                slots[entry.slot].active = nil
                slots[entry.slot].truncate(to: 0)
            }
            return
        }
        for (index, entry) in plan.enumerated() {
            let slot = entry.slot
            guard let active = slots[slot].active else { continue }
            slots[slot].cached.append(contentsOf: fed[index])
            if active.pending == nil {
                active.prefilled += entry.count
                if active.prefilled < active.job.prompt.tokens.count { continue }
            }
            if !produce(active, logits: logits[index]) { slots[slot].active = nil }
        }
    }

    /// Samples and emits one token. Returns false once the sequence has ended (finished or abandoned).
    private func produce(_ active: ActiveSequence, logits: [Float]) -> Bool {
        let token = active.decoder.nextToken(logits: logits)
        active.produced += 1
        active.pending = token
        let (events, stop) = active.decoder.consume(token)
        guard emit(events, for: active) else { return false }
        if let stop {
            finish(active, stop)
            return false
        }
        if active.produced >= active.job.maxTokens {
            finish(active, DecoderStop(reason: .maxTokens))
            return false
        }
        return true
    }

    /// Yields events; false when the client is gone.
    private func emit(_ events: [GenerationEvent], for active: ActiveSequence) -> Bool {
        for event in events {
            if active.firstByte == nil, case .contentBlockDelta = event { active.firstByte = .now }
            if case .terminated = active.job.continuation.yield(event) { return false }
        }
        return true
    }

    private func finish(_ active: ActiveSequence, _ stop: DecoderStop) {
        let job = active.job
        guard emit(active.decoder.finish(stop), for: active) else { return }
        let end = ContinuousClock.now
        let usage = Usage(inputTokens: job.prompt.tokens.count, outputTokens: active.produced)
        let metrics = GenerationMetrics(latencyMs: milliseconds(end - job.acceptedAt),
                                        firstByteLatencyMs: active.firstByte.map { milliseconds($0 - job.acceptedAt) })
        job.continuation.yield(.metadata(usage, metrics))
        job.continuation.finish()
    }

    private func milliseconds(_ d: Duration) -> Int {
        let (seconds, attoseconds) = d.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
