import Foundation

/// Request times in SigV4 (§12.1): `X-Amz-Date` in ISO-8601 basic format (`20240115T120000Z`), or an
/// RFC 1123 `Date` header (`Mon, 15 Jan 2024 12:00:00 GMT`) from some clients. Whole seconds since the epoch.
public enum SigV4Timestamp {
    /// Parses `yyyyMMdd'T'HHmmss'Z'`; `nil` unless exactly that shape and a valid date.
    public static func seconds(fromBasic text: some StringProtocol) -> Int64? {
        let b = Array(text.utf8)
        guard b.count == 16, b[8] == UInt8(ascii: "T"), b[15] == UInt8(ascii: "Z"),
            b[0..<8].allSatisfy(isDigit), b[9..<15].allSatisfy(isDigit)
        else { return nil }
        let s = String(decoding: b, as: UTF8.self)
        func part(_ from: Int, _ n: Int) -> Substring { s.dropFirst(from).prefix(n) }
        let extended = "\(part(0, 4))-\(part(4, 2))-\(part(6, 2))T\(part(9, 2)):\(part(11, 2)):\(part(13, 2))Z"
        guard let date = ISO8601Timestamp.date(from: extended) else { return nil }
        return Int64(date.timeIntervalSince1970)
    }

    /// Parses an RFC 1123 date (`Mon, 15 Jan 2024 12:00:00 GMT`); the weekday is not checked.
    public static func seconds(fromRFC1123 text: some StringProtocol) -> Int64? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT" || parts[5] == "UTC",
            let day = Int(parts[1]), (1...31).contains(day),
            let month = months.firstIndex(of: String(parts[2])), parts[3].count == 4, let year = Int(parts[3])
        else { return nil }
        let hms = parts[4].split(separator: ":")
        guard hms.count == 3, hms.allSatisfy({ $0.count == 2 }) else { return nil }
        let pad = { (v: Int) in v < 10 ? "0\(v)" : "\(v)" }
        let extended = "\(year)-\(pad(month + 1))-\(pad(day))T\(hms[0]):\(hms[1]):\(hms[2])Z"
        guard let date = ISO8601Timestamp.date(from: extended) else { return nil }
        return Int64(date.timeIntervalSince1970)
    }

    /// Formats seconds since the epoch as `yyyyMMdd'T'HHmmss'Z'`.
    public static func basic(fromSeconds seconds: Int64) -> String {
        let iso = ISO8601Timestamp.string(fromMilliseconds: seconds * 1000)  // YYYY-MM-DDTHH:MM:SS.mmmZ
        return String(iso.prefix(19).filter { $0 != "-" && $0 != ":" }) + "Z"
    }

    /// Formats a date (rounded down to the second) as `yyyyMMdd'T'HHmmss'Z'`.
    public static func basic(from date: Date) -> String {
        basic(fromSeconds: Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
}
