import BasaltWire
import BasaltCore

/// Folds a generation event stream into a finished assistant message: the non-streaming response of every
/// API family is the stream, collected.
public struct ResponseCollector: Sendable {
    public private(set) var blocks: [ContentBlock] = []
    public private(set) var stopReason: StopReason = .endTurn
    public private(set) var stopSequence: String?
    public private(set) var usage = Usage(inputTokens: 0, outputTokens: 0)
    public private(set) var metrics = GenerationMetrics(latencyMs: 0)

    private var open: [Int: Partial] = [:]
    private var order: [Int] = []

    private enum Partial: Sendable {
        case text(String)
        case reasoning(String)
        case toolUse(id: String, name: String, input: String)
    }

    public init() {}

    public mutating func add(_ event: GenerationEvent) {
        switch event {
        case .messageStart:
            break
        case .contentBlockStart(let index, .toolUse(let id, let name)):
            open[index] = .toolUse(id: id, name: name, input: "")
            order.append(index)
        case .contentBlockDelta(let index, let delta):
            if open[index] == nil { order.append(index) }
            switch (open[index], delta) {
            case (.toolUse(let id, let name, let input), .toolUseInput(let s)):
                open[index] = .toolUse(id: id, name: name, input: input + s)
            case (.text(let t)?, .text(let s)): open[index] = .text(t + s)
            case (nil, .text(let s)): open[index] = .text(s)
            case (.reasoning(let t)?, .reasoning(let s)): open[index] = .reasoning(t + s)
            case (nil, .reasoning(let s)): open[index] = .reasoning(s)
            default: break
            }
        case .contentBlockStop(let index):
            close(index)
        case .messageStop(let reason, let sequence):
            for index in order where open[index] != nil { close(index) }
            stopReason = reason
            stopSequence = sequence
        case .metadata(let u, let m):
            usage = u
            metrics = m
        }
    }

    private mutating func close(_ index: Int) {
        guard let partial = open.removeValue(forKey: index) else { return }
        switch partial {
        case .text(let t): blocks.append(.text(t))
        case .reasoning(let t): blocks.append(.reasoning(ReasoningBlock(text: t)))
        case .toolUse(let id, let name, let input):
            let parsed = (try? JSONValue.parse(input.isEmpty ? "{}" : input)) ?? .object(JSONObject())
            blocks.append(.toolUse(ToolUse(id: id, name: name, input: parsed)))
        }
    }

    /// All text blocks joined.
    public var text: String {
        blocks.compactMap { if case .text(let t) = $0 { t } else { nil } }.joined()
    }
}
