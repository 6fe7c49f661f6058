import BasaltCore
import Foundation

/// The `iso8601` timestamp convention of the Bedrock models (§1.2): UTC with millisecond precision,
/// e.g. `2024-11-22T01:50:09.123Z`. Pure arithmetic (proleptic Gregorian calendar), no formatter objects,
/// so it is thread-safe and cheap.
public enum ISO8601Timestamp {
    /// Formats `date` as `YYYY-MM-DDTHH:MM:SS.mmmZ` (rounded to the nearest millisecond).
    public static func string(from date: Date) -> String {
        string(fromMilliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    /// Formats milliseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    public static func string(fromMilliseconds ms: Int64) -> String {
        let (secs, milli) = ms.floorDivided(by: 1000)
        let (days, secOfDay) = secs.floorDivided(by: 86_400)
        let (y, m, d) = civil(fromDays: days)
        let year = y < 0 ? "-" + pad(-y, 4) : pad(y, 4)
        return "\(year)-\(pad(m, 2))-\(pad(d, 2))T\(pad(secOfDay / 3600, 2)):\(pad(secOfDay / 60 % 60, 2))"
            + ":\(pad(secOfDay % 60, 2)).\(pad(milli, 3))Z"
    }

    /// Parses RFC 3339 / ISO-8601 date-times: `YYYY-MM-DDTHH:MM:SS`, optional fraction of any length,
    /// then `Z` or a `±HH:MM` / `±HHMM` offset. `t`/`z` and a space separator are accepted. `nil` if invalid.
    public static func date(from text: some StringProtocol) -> Date? {
        guard let (seconds, fraction) = parse(Array(text.utf8)) else { return nil }
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Reads a timestamp member as botocore may send it: an ISO-8601 string or epoch seconds.
    public static func date(from value: JSONValue) -> Date? {
        switch value {
        case .string(let s): date(from: s)
        case .number(let n) where n.isFinite: Date(timeIntervalSince1970: n)
        default: nil
        }
    }

    // MARK: - Implementation

    private static func parse(_ b: [UInt8]) -> (Int64, Double)? {
        var i = 0
        func digits(_ n: Int) -> Int64? {
            guard i + n <= b.count else { return nil }
            var v: Int64 = 0
            for k in i..<i + n {
                guard b[k] >= 0x30, b[k] <= 0x39 else { return nil }
                v = v * 10 + Int64(b[k] - 0x30)
            }
            i += n
            return v
        }
        func expect(_ c: Character...) -> Bool {
            guard i < b.count, c.contains(Character(Unicode.Scalar(b[i]))) else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2),
            expect("T", "t", " "), let hour = digits(2), expect(":"), let minute = digits(2), expect(":"),
            let second = digits(2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour <= 23,
            minute <= 59, second <= 60
        else { return nil }
        var fraction = 0.0
        if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
            i += 1
            var scale = 0.1
            let start = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                fraction += Double(b[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        var offset: Int64 = 0
        if expect("Z", "z") {
        } else if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign: Int64 = b[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = digits(2) else { return nil }
            _ = expect(":")
            guard let om = digits(2), oh <= 23, om <= 59 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = days(fromCivil: year, month, day)
        return (days * 86_400 + hour * 3600 + minute * 60 + second - offset, fraction)
    }

    private static func isLeap(_ y: Int64) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (H. Hinnant's `days_from_civil`).
    private static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Civil date from days since 1970-01-01 (H. Hinnant's `civil_from_days`).
    private static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

extension Int64 {
    /// Quotient and non-negative remainder (floor division).
    fileprivate func floorDivided(by d: Int64) -> (Int64, Int64) {
        let q = self / d
        let r = self % d
        return r < 0 ? (q - 1, r + d) : (q, r)
    }
}
