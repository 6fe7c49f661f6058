import CBasaltKernels
import Foundation
import Testing
@testable import BasaltEngine

/// The fast path must give every token bitwise the same logits whatever the batch around it: the whole
/// prompt in one pass, token by token, in two chunks, after a cached prefix, inside a pass shared with
/// other sequences, or with another thread count. (Temperature-0 requests are only reproducible then:
/// the runtime reuses cached prefixes and batches concurrent requests together.)
@Suite("Batch invariance", .serialized, .enabled(if: EngineFixtures.hasSmolLM))
struct BatchInvarianceTests {
    /// The 37-token ChatML prompt "What is the capital of France?".
    static let prompt = ChatPromptAccuracyTests.prompt
    /// Greedy steps compared (logits after the prompt, then after each fed-back token).
    static let steps = 16

    private static func load(threads: Int, halfPrecision: Bool) throws -> LlamaModel {
        try LlamaModel.load(try EngineFixtures.smolLM.get(),
                            options: .init(halfPrecisionCache: halfPrecision, threads: threads))
    }

    /// Logits of one scenario at each greedy step.
    private struct Run {
        var logits: [[Float]] = []
    }

    private func argmax(_ logits: [Float]) -> Int32 {
        Int32(logits.indices.max { logits[$0] < logits[$1] }!)
    }

    /// Continues `cache` alone: feeds `tokens` one at a time (the reference's greedy choices, so every
    /// scenario sees the same inputs even if its logits differ) and appends the logits to `run`.
    private func decodeAlone(_ model: LlamaModel, _ cache: any SequenceCache, tokens: [Int32], into run: inout Run) throws {
        for token in tokens.prefix(Self.steps - 1) {
            run.logits.append(try model.forward([DecodeStep(cache: cache, tokens: [token])])[0])
        }
    }

    /// Deterministic filler tokens for the other sequences.
    private func filler(_ count: Int, seed: Int) -> [Int32] {
        (0..<count).map { Int32((($0 + seed) * 7919 + 13 * seed) % 49_000 + 100) }
    }

    /// The target prompt shares its pass with three sequences at other positions (one decoding, two
    /// in prompt chunks); each decode step then shares a pass with a varying subset of them, in varying
    /// order, so the pass holds 2 to 7 tokens (both sides of the tiled kernel's 4-token threshold).
    private func shared(_ model: LlamaModel, tokens: [Int32]) throws -> Run {
        let target = model.makeCache(capacity: 128)
        let b = model.makeCache(capacity: 128), c = model.makeCache(capacity: 128), d = model.makeCache(capacity: 128)
        _ = try model.forward([DecodeStep(cache: b, tokens: filler(5, seed: 1))])
        _ = try model.forward([DecodeStep(cache: c, tokens: filler(12, seed: 2))])
        var run = Run()
        let first = try model.forward([DecodeStep(cache: b, tokens: filler(9, seed: 3)),
                                       DecodeStep(cache: target, tokens: Self.prompt),
                                       DecodeStep(cache: c, tokens: filler(1, seed: 4)),
                                       DecodeStep(cache: d, tokens: filler(30, seed: 5))])
        run.logits.append(first[1])
        for (i, token) in tokens.prefix(Self.steps - 1).enumerated() {
            var others: [DecodeStep]
            switch i % 4 {
            case 0: others = [DecodeStep(cache: b, tokens: filler(1, seed: 10 + i)),
                              DecodeStep(cache: c, tokens: filler(4, seed: 20 + i)),
                              DecodeStep(cache: d, tokens: filler(1, seed: 30 + i))]
            case 1: others = [DecodeStep(cache: b, tokens: filler(1, seed: 10 + i))]
            case 2: others = [DecodeStep(cache: d, tokens: filler(1, seed: 30 + i)),
                              DecodeStep(cache: b, tokens: filler(1, seed: 10 + i))]
            default: others = [DecodeStep(cache: c, tokens: filler(1, seed: 20 + i)),
                               DecodeStep(cache: d, tokens: filler(1, seed: 30 + i)),
                               DecodeStep(cache: b, tokens: filler(1, seed: 10 + i))]
            }
            let at = i % (others.count + 1)
            others.insert(DecodeStep(cache: target, tokens: [token]), at: at)
            run.logits.append(try model.forward(others)[at])
        }
        return run
    }

    /// Index of the first step whose logits differ in any bit, with the largest difference there.
    private func firstDifference(_ a: Run, _ b: Run) -> (step: Int, maxDiff: Float)? {
        for (s, (x, y)) in zip(a.logits, b.logits).enumerated()
        where x.map(\.bitPattern) != y.map(\.bitPattern) {
            return (s, zip(x, y).map { abs($0 - $1) }.max() ?? .nan)
        }
        return a.logits.count == b.logits.count ? nil : (min(a.logits.count, b.logits.count), .nan)
    }

    @Test("logits are bitwise identical whatever the batching", arguments: [
        (scalar: false, halfPrecision: true), (scalar: true, halfPrecision: true), (scalar: false, halfPrecision: false),
    ])
    func bitwiseInvariance(scalar: Bool, halfPrecision: Bool) throws {
        let model = try Self.load(threads: 2, halfPrecision: halfPrecision)
        let oneThread = try Self.load(threads: 1, halfPrecision: halfPrecision)
        try KernelPath.run(scalar: scalar) {
            // Reference: the whole prompt in one pass, then greedy decoding alone.
            var reference = Run()
            let whole = model.makeCache(capacity: 128)
            var logits = try model.forward([DecodeStep(cache: whole, tokens: Self.prompt)])[0]
            var tokens: [Int32] = []
            for _ in 0..<Self.steps {
                reference.logits.append(logits)
                tokens.append(argmax(logits))
                if reference.logits.count < Self.steps {
                    logits = try model.forward([DecodeStep(cache: whole, tokens: [tokens.last!])])[0]
                }
            }

            var scenarios: [(String, Run)] = []
            // Token by token.
            var single = Run()
            let cacheA = model.makeCache(capacity: 128)
            var last: [Float] = []
            for token in Self.prompt { last = try model.forward([DecodeStep(cache: cacheA, tokens: [token])])[0] }
            single.logits.append(last)
            try decodeAlone(model, cacheA, tokens: tokens, into: &single)
            scenarios.append(("token by token", single))

            // Two chunks, [20] + [17].
            var chunked = Run()
            let cacheB = model.makeCache(capacity: 128)
            _ = try model.forward([DecodeStep(cache: cacheB, tokens: Array(Self.prompt.prefix(20)))])
            chunked.logits.append(try model.forward([DecodeStep(cache: cacheB, tokens: Array(Self.prompt.dropFirst(20)))])[0])
            try decodeAlone(model, cacheB, tokens: tokens, into: &chunked)
            scenarios.append(("[20] + [17]", chunked))

            // Prefix reuse: the reference's cache (prompt + continuation) cut back to 20 tokens.
            var reused = Run()
            whole.truncate(to: 20)
            reused.logits.append(try model.forward([DecodeStep(cache: whole, tokens: Array(Self.prompt.dropFirst(20)))])[0])
            try decodeAlone(model, whole, tokens: tokens, into: &reused)
            scenarios.append(("cached prefix of 20 + 17", reused))

            scenarios.append(("shared with 3 other sequences", try shared(model, tokens: tokens)))

            // One thread instead of two.
            var serial = Run()
            let cacheC = oneThread.makeCache(capacity: 128)
            serial.logits.append(try oneThread.forward([DecodeStep(cache: cacheC, tokens: Self.prompt)])[0])
            try decodeAlone(oneThread, cacheC, tokens: tokens, into: &serial)
            scenarios.append(("one thread", serial))

            for (name, run) in scenarios {
                let diff = firstDifference(reference, run)
                #expect(diff == nil, "\(name), scalar=\(scalar), f16=\(halfPrecision): first differs at step \(diff?.step ?? -1), max |diff| \(diff?.maxDiff ?? 0)")
            }
        }
    }

    /// A step of 64 tokens or more takes llama.cpp's tiled attention (other arithmetic than the decode form):
    /// the choice follows the step's own length, so sharing the pass with other sequences (short or long)
    /// or running on one thread changes nothing.
    @Test("a 64-token-or-longer step gives the same bits shared, alone and on one thread")
    func longStepInvariance() throws {
        let model = try Self.load(threads: 2, halfPrecision: true)
        let oneThread = try Self.load(threads: 1, halfPrecision: true)
        let prompt = filler(70, seed: 7)
        try KernelPath.run(scalar: false) {
            let alone = try model.forward([DecodeStep(cache: model.makeCache(capacity: 80), tokens: prompt)])[0]
            let other = model.makeCache(capacity: 80), long = model.makeCache(capacity: 80)
            _ = try model.forward([DecodeStep(cache: other, tokens: filler(3, seed: 8))])
            let shared = try model.forward([DecodeStep(cache: other, tokens: [42]),
                                            DecodeStep(cache: model.makeCache(capacity: 80), tokens: prompt),
                                            DecodeStep(cache: long, tokens: filler(66, seed: 9))])[1]
            let serial = try oneThread.forward([DecodeStep(cache: oneThread.makeCache(capacity: 80), tokens: prompt)])[0]
            #expect(alone.map(\.bitPattern) == shared.map(\.bitPattern))
            #expect(alone.map(\.bitPattern) == serial.map(\.bitPattern))
        }
    }
}
