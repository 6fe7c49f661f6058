import BasaltCore
import Foundation
import Testing
@testable import BasaltWire

@Suite struct ISO8601TimestampTests {
    // Reference values computed with Python's datetime (see test names).
    @Test func formatsWithMilliseconds() {
        // datetime.fromtimestamp(1732240209.123, timezone.utc) -> 2024-11-22T01:50:09.123
        #expect(ISO8601Timestamp.string(fromMilliseconds: 1_732_240_209_123) == "2024-11-22T01:50:09.123Z")
        #expect(ISO8601Timestamp.string(from: Date(timeIntervalSince1970: 1_732_240_209.123)) == "2024-11-22T01:50:09.123Z")
        #expect(ISO8601Timestamp.string(fromMilliseconds: 0) == "1970-01-01T00:00:00.000Z")
        // 1969-12-31T23:59:59.999 (floor division for negative instants)
        #expect(ISO8601Timestamp.string(fromMilliseconds: -1) == "1969-12-31T23:59:59.999Z")
        // datetime(2000,2,29,23,59,59,999000,utc).timestamp() == 951868799.999
        #expect(ISO8601Timestamp.string(fromMilliseconds: 951_868_799_999) == "2000-02-29T23:59:59.999Z")
    }

    @Test func parsesWithAndWithoutFraction() throws {
        #expect(ISO8601Timestamp.date(from: "2024-11-22T01:50:09Z")?.timeIntervalSince1970 == 1_732_240_209)
        let withMs = try #require(ISO8601Timestamp.date(from: "2024-11-22T01:50:09.123Z"))
        #expect(abs(withMs.timeIntervalSince1970 - 1_732_240_209.123) < 1e-6)
        // botocore query/body serialisation uses microseconds: strftime('%Y-%m-%dT%H:%M:%S.%fZ')
        let micro = try #require(ISO8601Timestamp.date(from: "2024-01-01T00:00:00.500000Z"))
        #expect(micro.timeIntervalSince1970 == 1_704_067_200.5)
        #expect(ISO8601Timestamp.date(from: "2024-01-01T02:00:00+02:00")?.timeIntervalSince1970 == 1_704_067_200)
        #expect(ISO8601Timestamp.date(from: "2023-12-31T19:00:00-0500")?.timeIntervalSince1970 == 1_704_067_200)
        #expect(ISO8601Timestamp.date(from: .number(1_704_067_200)) == Date(timeIntervalSince1970: 1_704_067_200))
    }

    @Test func rejectsInvalidText() {
        for bad in ["", "2024-11-22", "2024-11-22T01:50:09", "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z",
                    "2024-11-22T24:00:00Z", "2024-11-22T01:50:09.Z", "2024-11-22T01:50:09Zjunk", "24-11-22T01:50:09Z"]
        {
            #expect(ISO8601Timestamp.date(from: bad) == nil, "\(bad)")
        }
        #expect(ISO8601Timestamp.date(from: "2024-02-29T00:00:00Z") != nil)
    }

    @Test func roundTripsAgainstFoundation() throws {
        // Foundation's ISO8601DateFormatter as an independent reference over many instants.
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let ms = Int64.random(in: -2_208_988_800_000...4_102_444_800_000, using: &rng)  // 1900…2100
            let s = ISO8601Timestamp.string(fromMilliseconds: ms)
            let reference = try #require(f.date(from: s), "\(s)")
            #expect(Int64((reference.timeIntervalSince1970 * 1000).rounded()) == ms, "\(s)")
            let back = try #require(ISO8601Timestamp.date(from: s))
            #expect(Int64((back.timeIntervalSince1970 * 1000).rounded()) == ms)
        }
    }
}
