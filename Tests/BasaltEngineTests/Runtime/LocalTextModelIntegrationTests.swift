import BasaltCore
import Foundation
import Testing
@testable import BasaltEngine

/// SmolLM2-135M-Instruct through the whole runtime (GGUF → model, tokenizer, template → scheduler → events).
/// Skips when the model file is absent.
@Suite("LocalTextModel with SmolLM2", .serialized)
struct LocalTextModelIntegrationTests {
    static let modelPath: String = {
        let cache = ProcessInfo.processInfo.environment["BASALT_CACHE"] ?? "/root/.cache/basalt"
        return cache + "/models/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
    }()
    static var modelPresent: Bool { FileManager.default.fileExists(atPath: modelPath) }

    static func ask(_ text: String, maxTokens: Int? = nil, temperature: Double = 0) -> GenerationRequest {
        GenerationRequest(modelId: "smollm2", messages: [Message(role: .user, content: [.text(text)])],
                          parameters: .init(maxTokens: maxTokens, temperature: temperature))
    }

    @Test(.enabled(if: modelPresent)) func greedyAnswerIsStreamedAndDeterministic() async throws {
        let runtime = try LocalTextModel.load(path: Self.modelPath, slots: 2, contextPerSlot: 1024)
        let request = Self.ask("What is the capital of France?", maxTokens: 48)
        let first = try await collect(runtime.generate(request))
        let second = try await collect(runtime.generate(request))
        #expect(first.events.first == .messageStart(.assistant))
        #expect(!first.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        // Not asserted: "Paris". In float arithmetic the first answer token is a near-tie (The 25.32 vs L 25.24,
        // checked with a numpy reference forward), so 8-bit activation rounding may legitimately flip it.
        #expect(first.text == second.text)
        let deltas = first.events.filter { if case .contentBlockDelta = $0 { true } else { false } }.count
        #expect(deltas > 3, "tokens must be streamed one by one")
        #expect(first.stop == .endTurn || first.stop == .maxTokens)
        let counted = try await runtime.countInputTokens(request)
        #expect(first.usage?.inputTokens == counted)
        #expect((first.usage?.outputTokens ?? 0) >= deltas)
        #expect((first.usage?.outputTokens ?? 0) <= 48)
    }

    @Test(.enabled(if: modelPresent)) func stopsAtMaxTokensAndStopSequences() async throws {
        let runtime = try LocalTextModel.load(path: Self.modelPath, slots: 1, contextPerSlot: 512)
        let limited = try await collect(runtime.generate(Self.ask("Write a long poem about the sea.", maxTokens: 5)))
        #expect(limited.stop == .maxTokens)
        #expect(limited.usage?.outputTokens == 5)
        // Greedy output is deterministic: stopping at its third word must cut the same text right before it.
        var request = Self.ask("What is the capital of France?", maxTokens: 32)
        let full = try await collect(runtime.generate(request)).text
        let words = full.split(separator: " ")
        try #require(words.count >= 4, "answer: \(full)")
        let stop = String(words[2])
        request.parameters.stopSequences = [stop]
        let stopped = try await collect(runtime.generate(request))
        #expect(stopped.events.contains(.messageStop(.stopSequence, stopSequence: stop)))
        let cut = try #require(full.range(of: stop))
        #expect(stopped.text == String(full[..<cut.lowerBound]).trimmingCharacters(in: .whitespaces)
            || stopped.text == String(full[..<cut.lowerBound]))
    }

    @Test(.enabled(if: modelPresent)) func rejectsPromptsLongerThanTheSlot() async throws {
        let runtime = try LocalTextModel.load(path: Self.modelPath, slots: 1, contextPerSlot: 64)
        let long = Self.ask(String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 20))
        await #expect(throws: BackendError.inputTooLong) { _ = try await runtime.generate(long) }
        #expect(try await runtime.countInputTokens(long) >= 64)
    }

    @Test(.enabled(if: modelPresent)) func forcedToolChoiceYieldsAValidToolCall() async throws {
        let runtime = try LocalTextModel.load(path: Self.modelPath, slots: 1, contextPerSlot: 1024)
        let schema: JSONValue = ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]]
        let request = GenerationRequest(
            modelId: "smollm2", messages: [Message(role: .user, content: [.text("What is the weather in Paris?")])],
            tools: [ToolSpec(name: "get_weather", description: "Current weather of a city", inputSchema: schema)],
            toolChoice: .tool("get_weather"), parameters: .init(maxTokens: 100, temperature: 0))
        let out = try await collect(runtime.generate(request))
        #expect(out.stop == .toolUse)
        let starts = out.events.compactMap { if case .contentBlockStart(_, .toolUse(_, let name)) = $0 { name } else { nil } }
        #expect(starts == ["get_weather"])
        let input = out.events.compactMap { if case .contentBlockDelta(_, .toolUseInput(let s)) = $0 { s } else { nil } }
            .joined()
        let parsed = try JSONValue.parse(input)
        #expect(parsed["city"]?.stringValue != nil, "input: \(input)")
    }

    /// Eight concurrent requests all complete and their decode steps share forward passes. The rates are printed
    /// for information only: throughput is measured by `benchmarks/engine` on an idle machine, not asserted here.
    @Test(.enabled(if: modelPresent)) func concurrentRequestsBatchDecoding() async throws {
        var recorder: RecordingModel?
        let runtime = try LocalTextModel.load(path: Self.modelPath, slots: 8, contextPerSlot: 512) { model in
            let wrapped = RecordingModel(model)
            recorder = wrapped
            return wrapped
        }
        let passes = try #require(recorder)
        let prompts = ["Tell me a story about a dragon.", "Describe the ocean.", "Explain how rain forms.",
                       "Write about a city at night.", "Describe a forest in autumn.", "Tell me about the moon.",
                       "Explain what a computer does.", "Describe a mountain journey."]
        func run(_ texts: [String]) async throws -> (tokens: Int, seconds: Double, outputs: [Collected]) {
            let start = ContinuousClock.now
            let outputs = try await withThrowingTaskGroup(of: Collected.self) { group in
                for text in texts { group.addTask { try await collect(runtime.generate(Self.ask(text, maxTokens: 64))) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            return (outputs.compactMap(\.usage?.outputTokens).reduce(0, +), seconds, outputs)
        }
        let single = try await run([prompts[0]])
        let before = passes.widths.count
        let batch = try await run(prompts)
        #expect(batch.outputs.count == 8)
        for out in batch.outputs {
            #expect(out.usage != nil)
            #expect(!out.text.isEmpty)
        }
        // Batched answers are not compared with solo ones: attention over a prompt chunk takes a different
        // (ggml-exact) form than a decode step, and greedy near-ties may then diverge.
        let widths = passes.widths.dropFirst(before)
        #expect(widths.max() == 8, "continuous batching must put all eight sequences in one forward pass")
        #expect(widths.count < batch.tokens / 4, "\(widths.count) passes for \(batch.tokens) tokens")
        let singleRate = Double(single.tokens) / single.seconds
        let batchRate = Double(batch.tokens) / batch.seconds
        print("[runtime] single: \(single.tokens) tok in \(single.seconds)s = \(singleRate) tok/s; "
            + "8 concurrent: \(batch.tokens) tok in \(batch.seconds)s = \(batchRate) tok/s in \(widths.count) passes; "
            + "ratio \(batchRate / singleRate)")
    }
}

/// Passes forward calls through to a real model, recording how many sequences each one carried.
final class RecordingModel: DecoderModel, @unchecked Sendable {  // `log` is guarded by `lock`
    private let model: any DecoderModel
    private let lock = NSLock()
    private var log: [Int] = []

    init(_ model: any DecoderModel) { self.model = model }

    var widths: [Int] { lock.withLock { log } }
    var vocabularySize: Int { model.vocabularySize }
    var contextLength: Int { model.contextLength }
    func makeCache(capacity: Int) -> any SequenceCache { model.makeCache(capacity: capacity) }

    func forward(_ steps: [DecodeStep]) throws -> [[Float]] {
        lock.withLock { log.append(steps.count) }
        return try model.forward(steps)
    }
}
