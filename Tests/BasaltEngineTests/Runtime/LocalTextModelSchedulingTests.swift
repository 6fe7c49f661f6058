import BasaltCore
import Foundation
import Testing
@testable import BasaltEngine

@Suite("LocalTextModel scheduling (fake model)")
struct LocalTextModelSchedulingTests {
    @Test func streamsEventsInConverseOrderWithUsage() async throws {
        let runtime = LocalTextModel(model: CountingModel(), pipeline: NumberPipeline(), slots: 2)
        let out = try await collect(runtime.generate(raw("3 10")))
        // 10 → 11 … 15, then 0 (end of generation): 6 sampled tokens.
        let expected: [GenerationEvent] = [.messageStart(.assistant)]
            + (11...15).map { .contentBlockDelta(index: 0, .text("\($0) ")) }
            + [.contentBlockStop(index: 0), .messageStop(.endTurn, stopSequence: nil)]
        #expect(Array(out.events.dropLast()) == expected)
        #expect(out.usage == Usage(inputTokens: 2, outputTokens: 6))
        guard case .metadata(_, let metrics)? = out.events.last else {
            Issue.record("metadata must come last")
            return
        }
        #expect(metrics.firstByteLatencyMs != nil)
        #expect(metrics.latencyMs >= (metrics.firstByteLatencyMs ?? 0))
        #expect(try await runtime.countInputTokens(raw("3 10")) == 2)
    }

    @Test func stopsAtMaxTokens() async throws {
        let runtime = LocalTextModel(model: CountingModel(), pipeline: NumberPipeline(), slots: 1)
        let out = try await collect(runtime.generate(raw("1", maxTokens: 3)))
        #expect(out.text == "2 3 4 ")
        #expect(out.stop == .maxTokens)
        #expect(out.usage == Usage(inputTokens: 1, outputTokens: 3))
    }

    @Test func stopsAtStopSequence() async throws {
        let runtime = LocalTextModel(model: CountingModel(), pipeline: NumberPipeline(), slots: 1)
        let out = try await collect(runtime.generate(raw("1", stop: ["4"])))
        #expect(out.text == "2 3 ")
        #expect(out.events.contains(.messageStop(.stopSequence, stopSequence: "4")))
        #expect(out.usage?.outputTokens == 3)
    }

    @Test func defaultMaxTokensIsRoomLeftInTheSlot() async throws {
        let runtime = LocalTextModel(model: CountingModel(vocabularySize: 1000), pipeline: NumberPipeline(), slots: 1,
                                     contextPerSlot: 8)
        await #expect(throws: BackendError.inputTooLong) {
            _ = try await runtime.generate(raw("1 2 3 4 5 6 7 8"))
        }
        let out = try await collect(runtime.generate(raw("1 2 3 4 5")))
        #expect(out.text == "6 7 8 ")
        #expect(out.stop == .maxTokens)
        let tight = try await collect(runtime.generate(raw("1 2 3 4 5 6 7", maxTokens: 100)))
        #expect(tight.usage == Usage(inputTokens: 7, outputTokens: 1))
        await #expect(throws: BackendError.self) { _ = try await runtime.generate(raw("1", maxTokens: 0)) }
    }

    @Test func longPromptsArePrefilledInChunks() async throws {
        let model = CountingModel(vocabularySize: 1000)
        let runtime = LocalTextModel(model: model, pipeline: NumberPipeline(), slots: 1, prefillBudget: 4)
        let prompt = (1...10).map(String.init).joined(separator: " ")
        let out = try await collect(runtime.generate(raw(prompt, maxTokens: 2)))
        #expect(out.text == "11 12 ")
        #expect(model.forwardCalls == [[4], [4], [2], [1]])
    }

    @Test func concurrentRequestsAllCompleteAndShareForwardPasses() async throws {
        let model = CountingModel(vocabularySize: 64, delay: 0.002)
        let runtime = LocalTextModel(model: model, pipeline: NumberPipeline(), slots: 4)
        let results = try await withThrowingTaskGroup(of: (Int, Collected).self) { group in
            for i in 0..<8 {
                group.addTask { (i, try await collect(runtime.generate(raw("\(40 + i)")))) }
            }
            return try await group.reduce(into: [Int: Collected]()) { $0[$1.0] = $1.1 }
        }
        for i in 0..<8 {
            let start = 40 + i
            let expected = (start + 1..<64).map { "\($0) " }.joined()
            #expect(results[i]?.text == expected, "request \(i)")
            #expect(results[i]?.stop == .endTurn)
            #expect(results[i]?.usage == Usage(inputTokens: 1, outputTokens: 64 - start))
        }
        let widest = model.forwardCalls.map(\.count).max() ?? 0
        #expect(widest == 4, "continuous batching must put all 4 slots in one forward pass")
    }

    @Test func cancellationFreesTheSlot() async throws {
        let model = CountingModel(vocabularySize: 10_000, contextLength: 10_000, delay: 0.001)
        let runtime = LocalTextModel(model: model, pipeline: NumberPipeline(), slots: 1)
        let reader = Task {
            // The stream lives only inside this task: leaving the loop drops it, as a disconnecting client does.
            var seen = 0
            for try await event in try await runtime.generate(raw("1", maxTokens: 3_000)) {
                if case .contentBlockDelta = event { seen += 1 }
                if seen == 3 { break }
            }
            return seen
        }
        #expect(try await reader.value == 3)
        // The only slot must be freed for the next request long before the first one's 3,000-token budget.
        let next = try await collect(runtime.generate(raw("5", maxTokens: 2)))
        #expect(next.text == "6 7 ")
        #expect(model.forwardCalls.count < 1_000)
    }

    @Test func taskCancellationOfAWaitingRequestDropsIt() async throws {
        let model = CountingModel(vocabularySize: 10_000, contextLength: 10_000, delay: 0.001)
        let runtime = LocalTextModel(model: model, pipeline: NumberPipeline(), slots: 1)
        let first = try await runtime.generate(raw("1", maxTokens: 300))
        let waiting = Task { try await collect(runtime.generate(raw("1", maxTokens: 300))) }
        try await Task.sleep(for: .milliseconds(50))
        #expect(runtime.waitingRequests == 1)
        waiting.cancel()
        _ = try? await waiting.value
        #expect(runtime.waitingRequests == 0)
        let out = try await collect(first)
        #expect(out.usage?.outputTokens == 300)
    }

    @Test func rejectsBeyondTheWaitQueue() async throws {
        let model = CountingModel(vocabularySize: 10_000, contextLength: 10_000, delay: 0.001)
        let runtime = LocalTextModel(model: model, pipeline: NumberPipeline(), slots: 1, queueLimit: 2)
        let running = try await runtime.generate(raw("1", maxTokens: 50))
        var iterator = running.makeAsyncIterator()
        _ = try await iterator.next()  // messageStart
        _ = try await iterator.next()  // first delta: the request holds the slot
        let queued = [try await runtime.generate(raw("1", maxTokens: 2)), try await runtime.generate(raw("1", maxTokens: 2))]
        do {
            _ = try await runtime.generate(raw("1", maxTokens: 2))
            Issue.record("a third waiting request must be rejected")
        } catch let error as BackendError {
            #expect(error.code == .overloaded)
        }
        while try await iterator.next() != nil {}
        for stream in queued { #expect(try await collect(stream).stop == .maxTokens) }
    }

    @Test func reusesTheCachedPrefixOfAFollowUpPrompt() async throws {
        let model = CountingModel(vocabularySize: 1000)
        let runtime = LocalTextModel(model: model, pipeline: NumberPipeline(), slots: 1)
        _ = try await collect(runtime.generate(raw("1 2 3 4 5", maxTokens: 2)))
        // Cache holds 1…5 and the first output 6; the follow-up shares all six tokens.
        let out = try await collect(runtime.generate(raw("1 2 3 4 5 6 9", maxTokens: 1)))
        #expect(out.text == "10 ")
        #expect(out.usage?.inputTokens == 7)
        #expect(model.forwardCalls == [[5], [1], [1]])
        // An identical prompt still feeds its last token to get fresh logits.
        _ = try await collect(runtime.generate(raw("1 2 3 4 5 6 9", maxTokens: 1)))
        #expect(model.forwardCalls.last == [1])
    }
}

@Suite("BatchPlanner")
struct BatchPlannerTests {
    @Test func decodesAlwaysRunAndPromptsShareTheBudget() {
        let planner = BatchPlanner(prefillBudget: 10)
        let plan = planner.plan([(0, .prefill(remaining: 7)), (1, .decode), (2, .prefill(remaining: 9)),
                                 (3, .decode), (4, .prefill(remaining: 5))])
        #expect(plan.map(\.slot) == [0, 1, 2, 3])
        #expect(plan.map(\.count) == [7, 1, 3, 1])
    }
}
