import BasaltServer
import Testing

/// The token bucket behind `--rate-limit`: a full burst, then the sustained rate, with time passed in.
@Suite struct LimitsTokenBucketTests {
    /// Whether each request at `times` (seconds) is admitted.
    func admitted(_ bucket: inout TokenBucket, at times: [Double]) -> [Bool] {
        times.map { bucket.take(now: $0) }
    }

    @Test func aBurstOfCapacityThenTheRate() {
        var bucket = TokenBucket(rate: 2, now: 0)
        // 2 per second: two at once, the third is over; 0.4 s refills 0.8 of a token, 0.5 s a whole one.
        #expect(admitted(&bucket, at: [0, 0, 0, 0.4, 0.5, 0.5]) == [true, true, false, false, true, false])
        // A long pause refills to capacity, never beyond.
        #expect(admitted(&bucket, at: [100, 100, 100]) == [true, true, false])
    }

    @Test func slowRatesStillAdmitOneRequest() {
        var bucket = TokenBucket(rate: 0.5, now: 10)
        #expect(bucket.capacity == 1)
        #expect(admitted(&bucket, at: [10, 11, 12]) == [true, false, true])
    }

    @Test func sustainedRateOverManySteps() {
        // 5 per second, asked 20 times per second for 10 s: the burst of 5 plus 5 × 10 refilled.
        var bucket = TokenBucket(rate: 5, now: 0)
        let count = admitted(&bucket, at: (0...200).map { Double($0) / 20 }).filter { $0 }.count
        #expect(count == 55)
    }
}
