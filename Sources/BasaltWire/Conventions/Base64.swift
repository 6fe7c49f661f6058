/// Base64 for `blob` members inside JSON bodies (§1.2: image/document bytes, `chunk.bytes`,
/// `CountTokens.input.invokeModel.body`). Encoding is standard RFC 4648 with padding (what botocore
/// sends and expects). Decoding is tolerant: padding may be omitted, ASCII whitespace/line breaks are
/// skipped, and the URL-safe alphabet (`-`, `_`) is accepted; anything else is rejected.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// 0…63 for alphabet characters, 64 for `=`, 65 for skipped whitespace, 255 for invalid.
    private static let decodeTable: [UInt8] = {
        var t = [UInt8](repeating: 255, count: 256)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        t[Int(UInt8(ascii: "-"))] = 62
        t[Int(UInt8(ascii: "_"))] = 63
        t[Int(UInt8(ascii: "="))] = 64
        for c in [UInt8(ascii: " "), 0x09, 0x0A, 0x0D] { t[Int(c)] = 65 }
        return t
    }()

    /// Standard base64 with `=` padding.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity((input.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= input.count {
            let v = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
            out.append(alphabet[Int(v >> 18)])
            out.append(alphabet[Int(v >> 12 & 63)])
            out.append(alphabet[Int(v >> 6 & 63)])
            out.append(alphabet[Int(v & 63)])
            i += 3
        }
        let rest = input.count - i
        if rest > 0 {
            let v = UInt32(input[i]) << 16 | (rest == 2 ? UInt32(input[i + 1]) << 8 : 0)
            out.append(alphabet[Int(v >> 18)])
            out.append(alphabet[Int(v >> 12 & 63)])
            out.append(rest == 2 ? alphabet[Int(v >> 6 & 63)] : UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes base64 text; `nil` for characters outside the alphabets, misplaced padding or a
    /// dangling single character.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count / 4 * 3)
        var acc: UInt32 = 0
        var n = 0
        var padding = 0
        for c in text.utf8 {
            let v = decodeTable[Int(c)]
            switch v {
            case 65: continue
            case 64: padding += 1
            case 255: return nil
            default:
                guard padding == 0 else { return nil }  // data after '='
                acc = acc << 6 | UInt32(v)
                n += 1
                if n == 4 {
                    out.append(UInt8(acc >> 16 & 0xFF))
                    out.append(UInt8(acc >> 8 & 0xFF))
                    out.append(UInt8(acc & 0xFF))
                    acc = 0
                    n = 0
                }
            }
        }
        switch n {
        case 0: guard padding == 0 else { return nil }
        case 2:
            guard padding == 0 || padding == 2 else { return nil }
            out.append(UInt8(acc >> 4 & 0xFF))
        case 3:
            guard padding <= 1 else { return nil }
            out.append(UInt8(acc >> 10 & 0xFF))
            out.append(UInt8(acc >> 2 & 0xFF))
        default: return nil
        }
        return out
    }
}
