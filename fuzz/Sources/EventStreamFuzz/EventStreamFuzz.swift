import BasaltWire

/// libFuzzer entry point for the event-stream decoder (§4.1–4.2).
///
/// Each input is decoded twice: as received (so CRC and prelude checks are exercised) and after a
/// "repair" pass that rewrites every frame's prelude and message CRC (so mutations reach the header
/// parser instead of dying on a checksum). For each of the two byte strings:
/// - one-shot decoding (all bytes fed at once) must never trap;
/// - incremental decoding (the same bytes fed in input-derived chunk sizes, `next()` after every feed)
///   must yield exactly the same messages, then the same error or the same end state;
/// - every decoded message must pass `validate()`, re-encode to exactly the bytes it was decoded from,
///   and decode again to an equal message.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    check(bytes)
    let repaired = FrameRepair.repair(bytes)
    if repaired != bytes { check(repaired) }
    return 0
}

/// The result of driving a decoder over a byte string.
struct Outcome: Equatable {
    var messages: [EventStreamMessage] = []
    /// Byte ranges the messages were decoded from (one-shot decoding only).
    var spans: [Range<Int>] = []
    var error: EventStreamError?
    /// `finish()` after the last message: `nil` if the stream ended on a message boundary.
    var finishError: EventStreamError?
}

func check(_ bytes: [UInt8]) {
    let whole = decodeOneShot(bytes)
    let chunked = decodeIncrementally(bytes)
    guard whole.messages == chunked.messages, whole.error == chunked.error,
        whole.finishError == chunked.finishError
    else {
        fatalError("incremental decoding differs from one-shot decoding: \(whole) vs \(chunked)")
    }
    for (message, span) in zip(whole.messages, whole.spans) {
        do {
            try message.validate()
        } catch {
            fatalError("decoded message fails validate(): \(error)")
        }
        let encoded = message.encode()
        guard encoded[...] == bytes[span] else {
            fatalError("re-encoding does not reproduce the decoded bytes (\(span))")
        }
        var again = EventStreamDecoder()
        again.feed(encoded)
        do {
            guard let m = try again.next(), m == message, try again.next() == nil else {
                fatalError("re-encoded message does not decode to the same message")
            }
            try again.finish()
        } catch {
            fatalError("re-encoded message fails to decode: \(error)")
        }
    }
}

func decodeOneShot(_ bytes: [UInt8]) -> Outcome {
    var out = Outcome()
    var decoder = EventStreamDecoder()
    decoder.feed(bytes)
    var offset = 0
    do {
        while let m = try decoder.next() {
            let consumed = bytes.count - decoder.bufferedByteCount
            out.spans.append(offset..<consumed)
            offset = consumed
            out.messages.append(m)
        }
    } catch {
        out.error = error
        // A failed decoder stays failed.
        do {
            _ = try decoder.next()
            fatalError("decoder recovered after \(error)")
        } catch let again {
            guard again == error else { fatalError("decoder rethrew \(again) after \(error)") }
        }
    }
    do { try decoder.finish() } catch { out.finishError = error }
    return out
}

func decodeIncrementally(_ bytes: [UInt8]) -> Outcome {
    var out = Outcome()
    var decoder = EventStreamDecoder()
    var rng = SplitMix(seed: FNV.hash(bytes))
    var i = 0
    feeding: while i < bytes.count {
        // Chunks of 0...32 bytes, sometimes larger, including empty feeds.
        let r = rng.next()
        let n = r % 8 == 0 ? Int((r >> 8) % 512) : Int((r >> 8) % 33)
        let end = min(bytes.count, i + n)
        decoder.feed(bytes[i..<end])
        i = end
        do {
            while let m = try decoder.next() { out.messages.append(m) }
        } catch {
            out.error = error
            break feeding
        }
    }
    if out.error == nil {
        do {
            while let m = try decoder.next() { out.messages.append(m) }
        } catch {
            out.error = error
        }
    }
    do { try decoder.finish() } catch { out.finishError = error }
    return out
}

/// FNV-1a, to derive the chunking from the input itself (reproducible per input).
enum FNV {
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}

/// SplitMix64 pseudo-random numbers.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
