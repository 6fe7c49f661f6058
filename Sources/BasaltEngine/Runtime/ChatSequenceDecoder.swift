import BasaltCore

/// Decodes one chat request on the engine thread: samples (under the tool-call constraint when a call is
/// forced, or from the moment the model opens `<tool_call>` itself; end-of-generation tokens are banned until
/// the call is complete), turns token bytes into UTF-8 text, and lets the output assembler turn text into
/// content-block events.
final class ChatSequenceDecoder: SequenceDecoder {
    private let tokenizer: Tokenizer
    private var sampler: Sampler
    private var constraint: (any TokenConstraint)?
    private var utf8 = UTF8StreamDecoder()
    private var assembler: OutputAssembler
    /// Tokens never sampled while the constraint is incomplete.
    private let endTokens: Set<Int32>
    /// Set when the constraint accepted no token: the output cannot become a valid call.
    private var deadEnd = false
    /// The request's tools, when the model may open a call on its own (constrained from then on).
    private let tools: [ToolSpec]
    /// The end of the text produced so far, to spot an opening `<tool_call>` tag.
    private var tail = ""

    init(tokenizer: Tokenizer, request: GenerationRequest, prefill: String) {
        self.tokenizer = tokenizer
        sampler = Sampler(parameters: request.parameters)
        endTokens = tokenizer.endOfGenerationTokenIds
        if !request.tools.isEmpty, prefill.hasSuffix(PromptRenderer.toolCallOpen + "\n") {
            let forced: String? = if case .tool(let name)? = request.toolChoice { name } else { nil }
            constraint = ToolCallConstraint(tools: request.tools, forcedName: forced)
        }
        tools = request.toolChoice == nil || request.toolChoice == .auto ? request.tools : []
        assembler = OutputAssembler(stopSequences: request.parameters.stopSequences, prefill: prefill,
                                    toolNames: Set(request.tools.map(\.name)))
    }

    func nextToken(logits: [Float]) -> Int32 {
        logits.withUnsafeBufferPointer { buffer in
            guard constraint != nil else { return sampler.sample(logits: buffer) }
            if let token = sampler.sample(logits: buffer, constraint: &constraint, banned: endTokens,
                                          tokenBytes: tokenizer.tokenBytes) {
                return token
            }
            deadEnd = true
            return tokenizer.eosTokenId ?? endTokens.first ?? 0
        }
    }

    func consume(_ token: Int32) -> (events: [GenerationEvent], stop: DecoderStop?) {
        if deadEnd { return ([], DecoderStop(reason: .malformedToolUse)) }
        if tokenizer.isEndOfGeneration(token) { return ([], DecoderStop(reason: .endTurn)) }
        // Control tokens (e.g. a stray `<|im_start|>`) are structure, not text.
        guard !tokenizer.isControl(token) else { return ([], nil) }
        let text = utf8.decode(tokenizer.tokenBytes(token))
        var events: [GenerationEvent] = []
        if !text.isEmpty {
            let fed = assembler.feed(text)
            events = fed.events
            if let sequence = fed.stop { return (events, DecoderStop(reason: .stopSequence, sequence: sequence)) }
        }
        if let constraint {
            if constraint.isComplete { return (events, DecoderStop(reason: .toolUse)) }
        } else if !tools.isEmpty, !text.isEmpty {
            tail = String((tail + text).suffix(64))
            if let tag = tail.range(of: PromptRenderer.toolCallOpen) {
                // Constrain the call from here on; text this token already put after the tag must fit it.
                var call = ToolCallConstraint(tools: tools)
                let after = Array(tail[tag.upperBound...].utf8)
                if call.accepts(after) {
                    call.advance(after)
                    constraint = call
                }
                tail = ""
            }
        }
        return (events, nil)
    }

    func finish(_ stop: DecoderStop) -> [GenerationEvent] {
        var events: [GenerationEvent] = []
        if stop.reason != .stopSequence {
            let rest = utf8.flush()
            if !rest.isEmpty { events += assembler.feed(rest).events }
        }
        return events + assembler.finish(stop.reason)
    }
}
