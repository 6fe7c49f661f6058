/// Turns a stream of byte chunks (token bytes) into complete text pieces: an incomplete UTF-8 sequence at the
/// end of a chunk is held back until the bytes that complete it arrive. Invalid bytes become U+FFFD.
public struct UTF8StreamDecoder: Sendable {
    private var pending: [UInt8] = []

    public init() {}

    /// Bytes held back because they may start a multi-byte character.
    public var pendingByteCount: Int { pending.count }

    /// Adds bytes; returns the text that is now complete (possibly empty).
    public mutating func decode(_ bytes: some Sequence<UInt8>) -> String {
        pending.append(contentsOf: bytes)
        let cut = Self.completePrefixLength(pending)
        if cut == 0 { return "" }
        let text = String(decoding: pending[..<cut], as: UTF8.self)
        pending.removeFirst(cut)
        return text
    }

    /// Returns whatever is held back (an incomplete sequence decodes to U+FFFD) and resets.
    public mutating func flush() -> String {
        defer { pending.removeAll() }
        return pending.isEmpty ? "" : String(decoding: pending, as: UTF8.self)
    }

    /// Length of the longest prefix that does not end inside a possibly valid, unfinished UTF-8 sequence.
    static func completePrefixLength(_ b: [UInt8]) -> Int {
        let n = b.count
        // Look back at most 3 bytes for the lead byte of the last sequence.
        var i = n - 1
        var continuation = 0
        while i >= 0, n - i <= 4 {
            let c = b[i]
            if c & 0xC0 == 0x80 {
                continuation += 1
                i -= 1
                continue
            }
            let need: Int
            switch c {
            case 0xC2...0xDF: need = 1
            case 0xE0...0xEF: need = 2
            case 0xF0...0xF4: need = 3
            default: return n  // ASCII or an invalid lead: nothing to wait for
            }
            return continuation < need ? i : n
        }
        return n
    }
}
