import Foundation

/// The two metadata facts `GetImportedModel` reports, read from a GGUF file's key/value header (GGUF v2/v3):
/// `general.architecture` (→ `modelArchitecture`) and whether `tokenizer.chat_template` exists
/// (→ `instructSupported`). Reads at most the first 64 MiB; anything beyond is treated as absent.
struct GGUFHeader: Sendable, Hashable {
    var architecture: String?
    var hasChatTemplate: Bool

    enum Failure: Error { case notGGUF, truncated }

    static func read(path: String, limit: Int = 64 << 20) throws -> GGUFHeader {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure.notGGUF }
        defer { try? handle.close() }
        let data = try handle.read(upToCount: limit) ?? Data()
        var c = Cursor(bytes: [UInt8](data))
        guard c.bytes.count >= 24, c.bytes[0..<4] == [0x47, 0x47, 0x55, 0x46] else { throw Failure.notGGUF }
        c.offset = 4
        let version = try c.u32()
        guard version >= 2 else { throw Failure.notGGUF }
        _ = try c.u64()
        let kvCount = try c.u64()
        var header = GGUFHeader(architecture: nil, hasChatTemplate: false)
        do {
            for _ in 0..<kvCount {
                let key = try c.string()
                let type = try c.u32()
                if key == "general.architecture", type == 8 {
                    header.architecture = try c.string()
                } else {
                    if key == "tokenizer.chat_template" { header.hasChatTemplate = true }
                    try c.skip(type: type)
                }
            }
        } catch Failure.truncated {
            return header
        }
        return header
    }

    struct Cursor {
        var bytes: [UInt8]
        var offset = 0

        mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
            guard n >= 0, offset + n <= bytes.count else { throw Failure.truncated }
            defer { offset += n }
            return bytes[offset..<offset + n]
        }
        mutating func u32() throws -> UInt32 { try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) } }
        mutating func u64() throws -> UInt64 { try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) } }
        mutating func string() throws -> String {
            let n = try u64()
            guard n < UInt64(Int.max) else { throw Failure.truncated }
            return String(decoding: try take(Int(n)), as: UTF8.self)
        }
        mutating func skip(type: UInt32) throws {
            switch type {
            case 0, 1, 7: _ = try take(1)
            case 2, 3: _ = try take(2)
            case 4, 5, 6: _ = try take(4)
            case 10, 11, 12: _ = try take(8)
            case 8: _ = try string()
            case 9:
                let element = try u32()
                let count = try u64()
                for _ in 0..<count { try skip(type: element) }
            default: throw Failure.notGGUF
            }
        }
    }
}
