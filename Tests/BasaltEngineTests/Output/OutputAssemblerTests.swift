import BasaltCore
import Testing
@testable import BasaltEngine

@Suite struct OutputAssemblerTests {
    static let tools: Set<String> = ["get_weather", "get_time"]

    /// Feeds `chunks`, then finishes; returns all events and the stop sequence that matched.
    static func run(
        _ chunks: [String], stop: [String] = [], prefill: String = "", tools: Set<String> = tools,
        reason: StopReason = .endTurn
    ) -> (events: [GenerationEvent], stop: String?) {
        var a = OutputAssembler(stopSequences: stop, prefill: prefill, toolNames: tools, makeToolUseId: { "tooluse_fixed" })
        var events: [GenerationEvent] = []
        var matched: String?
        for c in chunks {
            let (e, s) = a.feed(c)
            events += e
            if let s { matched = s; break }
        }
        events += a.finish(reason)
        return (events, matched)
    }

    /// Text per block index, and tool uses as (index, name, arguments text).
    static func summarize(_ events: [GenerationEvent]) -> (text: [Int: String], tools: [(Int, String, String)], stop: GenerationEvent?) {
        var text: [Int: String] = [:]
        var tools: [(Int, String, String)] = []
        var last: GenerationEvent?
        for e in events {
            switch e {
            case .contentBlockStart(let i, .toolUse(_, let name)): tools.append((i, name, ""))
            case .contentBlockDelta(let i, .text(let t)): text[i, default: ""] += t
            case .contentBlockDelta(let i, .toolUseInput(let t)):
                if let k = tools.firstIndex(where: { $0.0 == i }) { tools[k].2 += t }
            case .messageStop: last = e
            default: break
            }
        }
        return (text, tools, last)
    }

    /// Blocks are contiguous from 0, each delta/stop refers to an open block, each block stops once.
    static func checkWellFormed(_ events: [GenerationEvent]) {
        var open: Set<Int> = []
        var seen: Set<Int> = []
        for e in events {
            switch e {
            case .contentBlockStart(let i, _):
                #expect(!seen.contains(i))
                open.insert(i); seen.insert(i)
            case .contentBlockDelta(let i, _):
                if !seen.contains(i) { open.insert(i); seen.insert(i) }
                #expect(open.contains(i))
            case .contentBlockStop(let i):
                #expect(open.remove(i) != nil)
            default: break
            }
        }
        #expect(open.isEmpty)
        #expect(seen == Set(0..<seen.count))
        if case .messageStop? = events.last {} else { Issue.record("last event must be messageStop") }
    }

    @Test("plain text streams as deltas of block 0")
    func plainText() {
        let (events, stop) = Self.run(["Hello", ", wor", "ld < 3"], tools: [])
        #expect(stop == nil)
        #expect(events == [
            .contentBlockDelta(index: 0, .text("Hello")), .contentBlockDelta(index: 0, .text(", wor")),
            .contentBlockDelta(index: 0, .text("ld < 3")), .contentBlockStop(index: 0),
            .messageStop(.endTurn, stopSequence: nil),
        ])
    }

    @Test("stop sequences match across chunks and are not emitted")
    func stopSequences() {
        let (events, stop) = Self.run(["The answer is 4", "2.\nUs", "er: thanks"], stop: ["\nUser:", "###"])
        #expect(stop == "\nUser:")
        let s = Self.summarize(events)
        #expect(s.text[0] == "The answer is 42.")
        #expect(s.stop == .messageStop(.stopSequence, stopSequence: "\nUser:"))
        Self.checkWellFormed(events)
        // Only a possible prefix is held back: "4" is emitted before the next chunk arrives.
        var a = OutputAssembler(stopSequences: ["###"], prefill: "", toolNames: [])
        #expect(a.feed("a #").events == [.contentBlockDelta(index: 0, .text("a "))])
        #expect(a.feed("b").events == [.contentBlockDelta(index: 0, .text("#b"))])
    }

    @Test("a tool call becomes a tool-use block with streamed arguments")
    func toolCall() {
        let text = "Let me check.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\", \"days\": [1, 2]}}\n</tool_call>"
        let (events, _) = Self.run(text.map { String($0) })
        Self.checkWellFormed(events)
        let s = Self.summarize(events)
        #expect(s.text == [0: "Let me check.\n"])
        #expect(s.tools.count == 1)
        #expect(s.tools.first?.0 == 1)
        #expect(s.tools.first?.1 == "get_weather")
        #expect(s.tools.first?.2 == "{\"city\": \"Paris\", \"days\": [1, 2]}")
        #expect(s.stop == .messageStop(.toolUse, stopSequence: nil))
        let fragments = events.filter { if case .contentBlockDelta(_, .toolUseInput) = $0 { true } else { false } }
        #expect(fragments.count > 5)  // streamed as it arrived, not at the end
        #expect(events.contains(.contentBlockStart(index: 1, .toolUse(id: "tooluse_fixed", name: "get_weather"))))
    }

    @Test("chunking does not change the result", arguments: [1, 2, 3, 5, 7, 13, 1000])
    func chunkingInvariant(size: Int) {
        let text = "Sure. <tool_call>{\"name\": \"get_time\", \"arguments\": {\"tz\": \"UTC\"}}</tool_call>\n<tool_call>\n{\"arguments\": {\"city\": \"Oslo\"}, \"name\": \"get_weather\"}\n</tool_call>"
        let chars = Array(text)
        let chunks = stride(from: 0, to: chars.count, by: size).map { String(chars[$0..<min($0 + size, chars.count)]) }
        let (events, _) = Self.run(chunks)
        Self.checkWellFormed(events)
        let s = Self.summarize(events)
        #expect(s.text == [0: "Sure. "])
        #expect(s.tools.map(\.0) == [1, 2])
        #expect(s.tools.map(\.1) == ["get_time", "get_weather"])
        #expect(s.tools.map(\.2) == ["{\"tz\": \"UTC\"}", "{\"city\": \"Oslo\"}"])
        #expect(s.stop == .messageStop(.toolUse, stopSequence: nil))
    }

    @Test("a <tool_call> prefill starts inside the call")
    func prefill() {
        let (events, _) = Self.run(["{\"name\": \"get_time\", \"arguments\": {}}", "\n</tool_call>"], prefill: "<tool_call>\n")
        Self.checkWellFormed(events)
        let s = Self.summarize(events)
        #expect(s.tools.count == 1)
        #expect(s.tools.first?.0 == 0)
        #expect(s.tools.first?.2 == "{}")
        #expect(s.text.isEmpty)
    }

    @Test("Llama 3.1 bare JSON with parameters")
    func llamaStyle() {
        let (events, _) = Self.run(["{\"na", "me\": \"get_weather\", \"parameters\": {\"city\": \"Rome\"}}"])
        Self.checkWellFormed(events)
        let s = Self.summarize(events)
        #expect(s.tools.first?.1 == "get_weather")
        #expect(s.tools.first?.2 == "{\"city\": \"Rome\"}")
        #expect(s.text.isEmpty)
        // JSON that is not a call stays text.
        let other = Self.summarize(Self.run(["{\"answer\": 42}"]).events)
        #expect(other.text == [0: "{\"answer\": 42}"])
    }

    @Test("malformed calls, unknown tools and tool-less requests are text")
    func malformed() {
        let bad = Self.run(["<tool_call>\nnot json</tool_call> ok"])
        Self.checkWellFormed(bad.events)
        let s = Self.summarize(bad.events)
        #expect(s.tools.isEmpty)
        #expect(s.text[0]?.hasPrefix("<tool_call>\nnot json") == true)
        #expect(s.stop == .messageStop(.endTurn, stopSequence: nil))
        let unknown = Self.summarize(Self.run(["<tool_call>{\"name\": \"rm_rf\", \"arguments\": {}}</tool_call>"]).events)
        #expect(unknown.tools.isEmpty)
        #expect(unknown.text[0]?.contains("rm_rf") == true)
        let none = Self.summarize(Self.run(["<tool_call>{\"name\": \"get_time\"}</tool_call>"], tools: []).events)
        #expect(none.tools.isEmpty)
        #expect(none.text[0] == "<tool_call>{\"name\": \"get_time\"}</tool_call>")
    }

    @Test("max tokens inside a call closes the block and keeps the reason")
    func truncated() {
        let (events, _) = Self.run(["<tool_call>{\"name\": \"get_time\", \"arguments\": {\"tz\": \"U"], reason: .maxTokens)
        Self.checkWellFormed(events)
        #expect(events.last == .messageStop(.maxTokens, stopSequence: nil))
        #expect(Self.summarize(events).tools.first?.2 == "{\"tz\": \"U")
    }

    @Test("tool-use ids are tooluse_ + 22 base64url characters")
    func ids() {
        let id = ToolUseID.make()
        #expect(id.hasPrefix("tooluse_"))
        #expect(id.count == 30)
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        #expect(id.dropFirst(8).allSatisfy { allowed.contains($0) })
        #expect(ToolUseID.make() != id)
    }
}
