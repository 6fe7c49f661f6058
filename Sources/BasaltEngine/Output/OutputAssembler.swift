import Foundation
import BasaltCore

/// Turns generated text into content-block events: text deltas as text arrives (holding back only what may
/// start a stop sequence or a `<tool_call>` tag), stop-sequence matching across chunk boundaries, and
/// `<tool_call>{json}</tool_call>` (or a bare Llama 3.1 `{"name": …, "parameters": …}` answer) turned into a
/// tool-use block whose arguments stream as they arrive. Does not emit `messageStart` or `metadata`.
public struct OutputAssembler: Sendable {
    enum State: Sendable {
        /// Plain text; `pending` holds what may begin a stop sequence or tag.
        case text
        /// Inside a tool call: `buffer` is the JSON after the opening tag (bare: no tags).
        case toolCall(ToolCall)
        /// A stop sequence matched; further text is ignored.
        case stopped(String)
    }

    struct ToolCall: Sendable {
        var buffer: [UInt8] = []
        var bare: Bool
        /// Index of the opened tool-use block, once the name is known.
        var index: Int?
        var emittedArgumentBytes = 0
    }

    let stopSequences: [String]
    let toolNames: Set<String>
    let makeToolUseId: @Sendable () -> String
    var state = State.text
    var pending = ""
    var nextIndex = 0
    var openTextIndex: Int?
    /// Whitespace seen while no text block is open: emitted only if more text follows.
    var pendingWhitespace = ""
    var sawContent = false
    var toolCallCount = 0

    static let open = PromptRenderer.toolCallOpen
    static let close = PromptRenderer.toolCallClose

    /// `prefill` is text the prompt already ends with (it is run through the state machine, not emitted);
    /// `toolNames` are the request's tools (empty: tool-call syntax is plain text).
    public init(
        stopSequences: [String], prefill: String, toolNames: Set<String>,
        makeToolUseId: @escaping @Sendable () -> String = { ToolUseID.make() }
    ) {
        self.stopSequences = stopSequences.filter { !$0.isEmpty }
        self.toolNames = toolNames
        self.makeToolUseId = makeToolUseId
        if !prefill.isEmpty {
            _ = feed(prefill)
            // The prefill is the prompt's, not the response's: forget what it left pending as text.
            pending = ""
            pendingWhitespace = ""
            if case .text = state { sawContent = !prefill.allSatisfy(\.isWhitespace) }
        }
    }

    /// Number of tool calls completed so far.
    public var toolCalls: Int { toolCallCount }

    /// Adds generated text. Returns the events it completes and the stop sequence if one matched
    /// (the caller then stops generating and calls `finish`).
    public mutating func feed(_ text: String) -> (events: [GenerationEvent], stop: String?) {
        var events: [GenerationEvent] = []
        if case .stopped(let s) = state { return ([], s) }
        pending += text
        process(&events, final: false)
        if case .stopped(let s) = state { return (events, s) }
        return (events, nil)
    }

    /// Flushes held-back text, closes open blocks and emits `messageStop`. A stop-sequence match makes the
    /// reason `.stopSequence`; a turn that ended after tool calls becomes `.toolUse`.
    public mutating func finish(_ reason: StopReason) -> [GenerationEvent] {
        var events: [GenerationEvent] = []
        var reason = reason
        var stopSequence: String?
        if case .text = state { process(&events, final: true) }
        switch state {
        case .stopped(let s):
            reason = .stopSequence
            stopSequence = s
        case .text:
            emitText(pending, &events)
            pending = ""
        case .toolCall(var call):
            let scan = ToolCallScanner.scan(call.buffer)
            if scan.objectEnd != nil, !scan.malformed {
                completeCall(&call, scan, &events)
            } else if let index = call.index {
                // Cut short (e.g. max tokens): close the block with the arguments received.
                emitArguments(&call, scan, &events)
                events.append(.contentBlockStop(index: index))
                toolCallCount += 1
            } else {
                emitText((call.bare ? "" : Self.open) + String(decoding: call.buffer, as: UTF8.self), &events)
            }
            state = .text
        }
        closeText(&events)
        if toolCallCount > 0, reason == .endTurn { reason = .toolUse }
        events.append(.messageStop(reason, stopSequence: stopSequence))
        return events
    }

    // MARK: - Text

    private mutating func process(_ events: inout [GenerationEvent], final: Bool) {
        while true {
            switch state {
            case .stopped: return
            case .toolCall(var call):
                call.buffer.append(contentsOf: Array(pending.utf8))
                pending = ""
                let (done, leftover) = advance(&call, &events)
                if done {
                    state = .text
                    pending = leftover
                    continue
                }
                state = .toolCall(call)
                return
            case .text:
                if !toolNames.isEmpty, !sawContent, openTextIndex == nil {
                    // A bare JSON answer `{"name": …` is a Llama 3.1 style tool call.
                    let trimmed = pending.drop { $0.isWhitespace }
                    if trimmed.hasPrefix("{") {
                        let prefix = Array(trimmed.utf8.prefix(8)).filter { $0 != 0x20 && $0 != 0x0A }
                        let marker = Array("{\"name\"".utf8)
                        if prefix.count < marker.count, !final, marker.starts(with: prefix) { return }
                        if prefix.starts(with: marker) {
                            state = .toolCall(ToolCall(bare: true))
                            pending = String(trimmed)
                            continue
                        }
                    }
                }
                var markers = stopSequences
                if !toolNames.isEmpty { markers.append(Self.open) }
                // Earliest full match.
                var best: (range: Range<String.Index>, marker: String)?
                for m in markers {
                    if let r = pending.range(of: m), best == nil || r.lowerBound < best!.range.lowerBound {
                        best = (r, m)
                    }
                }
                if let (r, m) = best {
                    emitText(String(pending[..<r.lowerBound]), &events)
                    let rest = String(pending[r.upperBound...])
                    pending = ""
                    if m == Self.open && !stopSequences.contains(m) {
                        closeText(&events)
                        pendingWhitespace = ""
                        state = .toolCall(ToolCall(bare: false))
                        pending = rest
                        continue
                    }
                    state = .stopped(m)
                    return
                }
                if final { return }
                // Hold back the longest suffix that may start a marker.
                let hold = markers.map { Self.partialSuffix(pending, of: $0) }.max() ?? 0
                let cut = pending.index(pending.endIndex, offsetBy: -hold)
                emitText(String(pending[..<cut]), &events)
                pending = String(pending[cut...])
                return
            }
        }
    }

    /// Length (in characters) of the longest suffix of `s` that is a proper prefix of `marker`.
    static func partialSuffix(_ s: String, of marker: String) -> Int {
        let m = Array(marker)
        let t = Array(s.suffix(m.count - 1))
        var k = min(t.count, m.count - 1)
        while k > 0 {
            if Array(t.suffix(k)) == Array(m.prefix(k)) { return k }
            k -= 1
        }
        return 0
    }

    mutating func emitText(_ text: String, _ events: inout [GenerationEvent]) {
        guard !text.isEmpty else { return }
        if openTextIndex == nil {
            // Whitespace alone does not open a block (it separates tool calls); it is kept for later text.
            if text.allSatisfy(\.isWhitespace) {
                pendingWhitespace += text
                return
            }
            openTextIndex = nextIndex
            nextIndex += 1
        }
        sawContent = true
        let body = pendingWhitespace + text
        pendingWhitespace = ""
        events.append(.contentBlockDelta(index: openTextIndex!, .text(body)))
    }

    mutating func closeText(_ events: inout [GenerationEvent]) {
        if let i = openTextIndex {
            events.append(.contentBlockStop(index: i))
            openTextIndex = nil
        }
    }
}
