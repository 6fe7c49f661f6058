import BasaltCore

/// The tool-call half of the state machine.
extension OutputAssembler {
    /// Advances a tool call with its buffer; returns whether it is finished and the text that follows it.
    /// Malformed JSON (or an unknown tool) before the block opened goes out as text.
    mutating func advance(_ call: inout ToolCall, _ events: inout [GenerationEvent]) -> (Bool, String) {
        let scan = ToolCallScanner.scan(call.buffer)
        if scan.malformed || (scan.name.map { !toolNames.contains($0) } ?? false) {
            if let index = call.index {
                // Already streaming: close what was opened.
                events.append(.contentBlockStop(index: index))
                toolCallCount += 1
            } else {
                emitText((call.bare ? "" : Self.open) + String(decoding: call.buffer, as: UTF8.self), &events)
            }
            return (true, "")
        }
        if call.index == nil, let name = scan.name {
            closeText(&events)
            pendingWhitespace = ""
            let index = nextIndex
            nextIndex += 1
            call.index = index
            events.append(.contentBlockStart(index: index, .toolUse(id: makeToolUseId(), name: name)))
        }
        emitArguments(&call, scan, &events)
        guard let end = scan.objectEnd else { return (false, "") }
        let after = String(decoding: call.buffer[end...], as: UTF8.self)
        if call.bare {
            completeCall(&call, scan, &events)
            return (true, after)
        }
        // Wait for the closing tag after the object.
        let trimmed = after.drop { $0.isWhitespace }
        if trimmed.hasPrefix(Self.close) {
            completeCall(&call, scan, &events)
            return (true, String(trimmed.dropFirst(Self.close.count)))
        }
        if Self.close.hasPrefix(trimmed) { return (false, "") }
        // Something else follows the object: accept the call without its closing tag.
        completeCall(&call, scan, &events)
        return (true, String(trimmed))
    }

    /// Emits the rest of the arguments and closes the block (or emits the text when no name was found).
    mutating func completeCall(_ call: inout ToolCall, _ scan: ToolCallScanner.Scan, _ events: inout [GenerationEvent]) {
        guard let index = call.index else {
            emitText((call.bare ? "" : Self.open) + String(decoding: call.buffer, as: UTF8.self), &events)
            return
        }
        emitArguments(&call, scan, &events)
        if scan.arguments == nil { events.append(.contentBlockDelta(index: index, .toolUseInput("{}"))) }
        events.append(.contentBlockStop(index: index))
        toolCallCount += 1
    }

    /// Streams the argument bytes received since the last call.
    func emitArguments(_ call: inout ToolCall, _ scan: ToolCallScanner.Scan, _ events: inout [GenerationEvent]) {
        guard let index = call.index, let r = scan.arguments, r.count > call.emittedArgumentBytes else { return }
        let from = r.lowerBound + call.emittedArgumentBytes
        call.emittedArgumentBytes = r.count
        events.append(.contentBlockDelta(index: index, .toolUseInput(String(decoding: call.buffer[from..<r.upperBound], as: UTF8.self))))
    }
}
