import BasaltCore
import Foundation
@testable import BasaltEngine

/// Deterministic stand-in for a decoder: the next token is always (last token + 1) mod vocabulary,
/// so the expected output of any prompt is known without running the runtime.
final class CountingModel: DecoderModel, @unchecked Sendable {  // `log` is guarded by `lock`
    let vocabularySize: Int
    let contextLength: Int
    /// Simulated compute time per forward pass.
    let delay: TimeInterval
    private let lock = NSLock()
    private var log: [[Int]] = []

    init(vocabularySize: Int = 16, contextLength: Int = 64, delay: TimeInterval = 0) {
        self.vocabularySize = vocabularySize
        self.contextLength = contextLength
        self.delay = delay
    }

    /// Token counts of each step, per forward call.
    var forwardCalls: [[Int]] { lock.withLock { log } }

    final class Cache: SequenceCache, @unchecked Sendable {  // touched only by the engine thread
        let capacity: Int
        var tokens: [Int32] = []
        init(capacity: Int) { self.capacity = capacity }
        var count: Int { tokens.count }
        func truncate(to count: Int) { tokens.removeSubrange(count...) }
    }

    func makeCache(capacity: Int) -> any SequenceCache { Cache(capacity: capacity) }

    func forward(_ steps: [DecodeStep]) throws -> [[Float]] {
        lock.withLock { log.append(steps.map(\.tokens.count)) }
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        return steps.map { step in
            let cache = step.cache as! Cache
            precondition(cache.tokens.count + step.tokens.count <= cache.capacity, "cache overflow")
            cache.tokens += step.tokens
            var logits = [Float](repeating: 0, count: vocabularySize)
            logits[(Int(cache.tokens.last!) + 1) % vocabularySize] = 1
            return logits
        }
    }
}

/// Prompts are space-separated token numbers (`rawPrompt`, or the text of the last message); token 0 ends
/// generation; each token is emitted as its number followed by a space. A stop sequence "N" stops at token N.
struct NumberPipeline: TextPipeline {
    func prepare(_ request: GenerationRequest) throws -> PreparedPrompt {
        var text = request.rawPrompt ?? ""
        if request.rawPrompt == nil, case .text(let t)? = request.messages.last?.content.first { text = t }
        return PreparedPrompt(tokens: text.split(separator: " ").map { Int32($0)! }, prefill: "")
    }

    func makeDecoder(for request: GenerationRequest, prompt: PreparedPrompt) -> any SequenceDecoder {
        NumberDecoder(stops: request.parameters.stopSequences)
    }
}

final class NumberDecoder: SequenceDecoder {
    let stops: [String]
    var opened = false
    init(stops: [String]) { self.stops = stops }

    func nextToken(logits: [Float]) -> Int32 {
        Int32(logits.indices.max { logits[$0] < logits[$1] }!)
    }

    func consume(_ token: Int32) -> (events: [GenerationEvent], stop: DecoderStop?) {
        if token == 0 { return ([], DecoderStop(reason: .endTurn)) }
        if stops.contains(String(token)) { return ([], DecoderStop(reason: .stopSequence, sequence: String(token))) }
        opened = true
        return ([.contentBlockDelta(index: 0, .text("\(token) "))], nil)
    }

    func finish(_ stop: DecoderStop) -> [GenerationEvent] {
        (opened ? [.contentBlockStop(index: 0)] : []) + [.messageStop(stop.reason, stopSequence: stop.sequence)]
    }
}

/// Collected output of one stream.
struct Collected {
    var events: [GenerationEvent] = []
    var text: String {
        events.compactMap { if case .contentBlockDelta(_, .text(let t)) = $0 { t } else { nil } }.joined()
    }
    var stop: StopReason? {
        events.lazy.compactMap { if case .messageStop(let r, _) = $0 { r } else { nil } }.first
    }
    var usage: Usage? {
        events.lazy.compactMap { if case .metadata(let u, _) = $0 { u } else { nil } }.first
    }
}

func collect(_ stream: GenerationStream) async throws -> Collected {
    var out = Collected()
    for try await event in stream { out.events.append(event) }
    return out
}

func raw(_ prompt: String, maxTokens: Int? = nil, stop: [String] = []) -> GenerationRequest {
    GenerationRequest(modelId: "fake", messages: [], parameters: .init(maxTokens: maxTokens, stopSequences: stop),
                      rawPrompt: prompt)
}
