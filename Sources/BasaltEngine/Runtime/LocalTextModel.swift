import BasaltCore

/// A decoder model loaded in this process, serving many requests at once: one engine thread owns the model
/// and `slots` KV caches and batches every running request into each forward pass (continuous batching).
public final class LocalTextModel: TextModel {
    /// Context length, output limit and accepted inputs.
    public let capabilities: BackendCapabilities
    /// Number of requests generated concurrently.
    public let slotCount: Int
    /// Tokens (prompt + output) one request may occupy.
    public let contextPerSlot: Int
    private let pipeline: any TextPipeline
    private let inbox: EngineInbox

    /// Default most output tokens per request.
    public static let defaultMaxOutputTokens = 4096
    /// Default most requests waiting for a free slot before `generate` throws `overloaded`.
    public static let defaultQueueLimit = 64

    /// Assembles a runtime from its parts and starts the engine thread.
    init(model: any DecoderModel, pipeline: any TextPipeline, slots: Int, contextPerSlot: Int? = nil,
         maxOutputTokens: Int = LocalTextModel.defaultMaxOutputTokens, queueLimit: Int = LocalTextModel.defaultQueueLimit,
         prefillBudget: Int = 512, promptFormat: String? = nil) {
        precondition(slots > 0, "at least one slot")
        let context = max(2, min(contextPerSlot ?? model.contextLength, model.contextLength))
        self.slotCount = slots
        self.contextPerSlot = context
        self.capabilities = BackendCapabilities(contextLength: context, maxOutputTokens: min(maxOutputTokens, context - 1),
                                                toolUse: true, promptFormat: promptFormat)
        self.pipeline = pipeline
        self.inbox = EngineInbox(limit: queueLimit)
        EngineLoop.start(model: model, pipeline: pipeline, inbox: inbox, slots: slots, contextPerSlot: context,
                         planner: BatchPlanner(prefillBudget: prefillBudget))
    }

    deinit {
        inbox.shutdown()
    }

    /// Stops the engine thread. Running and waiting requests end with an error; later `generate` calls throw.
    public func shutdown() {
        inbox.shutdown()
    }

    /// Requests accepted but not yet in a slot.
    public var waitingRequests: Int { inbox.waitingCount }

    /// Renders and tokenizes the request, checks it fits, and queues it. The stream yields `messageStart`,
    /// content events token by token, `messageStop` and `metadata`. Cancelling its consumer frees the slot.
    public func generate(_ request: GenerationRequest) async throws -> GenerationStream {
        let prompt = try pipeline.prepare(request)
        let maxTokens = try outputBudget(for: request, promptTokens: prompt.tokens.count)
        let (stream, continuation) = GenerationStream.makeStream()
        let id = inbox.makeID()
        let job = EngineJob(id: id, request: request, prompt: prompt, maxTokens: maxTokens, continuation: continuation,
                            acceptedAt: .now)
        continuation.yield(.messageStart(.assistant))
        continuation.onTermination = { [inbox] termination in
            if case .cancelled = termination { inbox.cancel(id) }
        }
        do {
            try inbox.submit(job)
        } catch {
            continuation.onTermination = nil
            continuation.finish()
            throw error
        }
        return stream
    }

    /// Exactly the prompt tokens `generate` would feed (rendered template + prefill).
    public func countInputTokens(_ request: GenerationRequest) async throws -> Int {
        try pipeline.prepare(request).tokens.count
    }

    /// Output tokens a request may produce: its `maxTokens`, or the room left in a slot capped at the model's
    /// output limit. Throws `inputTooLong` when the prompt leaves no room.
    func outputBudget(for request: GenerationRequest, promptTokens: Int) throws -> Int {
        guard promptTokens > 0 else { throw BackendError.invalidRequest("The prompt is empty.") }
        guard promptTokens < contextPerSlot else { throw BackendError.inputTooLong }
        let room = contextPerSlot - promptTokens
        guard let asked = request.parameters.maxTokens else { return min(room, capabilities.maxOutputTokens) }
        guard asked >= 1 else { throw BackendError.invalidRequest("maxTokens must be at least 1.") }
        return min(asked, room)
    }
}
