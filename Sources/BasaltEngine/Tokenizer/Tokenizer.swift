import Foundation

/// Text ↔ token ids for a GGUF vocabulary: byte-level BPE (`gpt2`) with llama.cpp's pre-tokenizers, or
/// SentencePiece BPE (`llama`) with byte fallback. Immutable and safe to share between slots.
public final class Tokenizer: Sendable {
    private enum Model: Sendable {
        case bytePair(BytePairModel, PreTokenizer)
        case sentencePiece(SentencePieceModel)
    }

    private let model: Model
    private let tokens: [String]
    private let tokenTypes: [Int32]
    /// Raw bytes each token stands for.
    private let bytesTable: [[UInt8]]
    /// Special tokens recognised in text, longest first: (UTF-8 text, id, parsed only when `parseSpecial`).
    private let specials: [(bytes: [UInt8], id: Int32, controlOnly: Bool)]
    private let endOfGeneration: Set<Int32>
    private let addSpacePrefix: Bool

    /// Beginning-of-sequence token, when the vocabulary has one.
    public let bosTokenId: Int32?
    /// End-of-sequence token, when the vocabulary has one.
    public let eosTokenId: Int32?
    /// Whether `encode(_:addSpecial: true, …)` prepends `bosTokenId`.
    public let addsBOS: Bool
    /// Whether `encode(_:addSpecial: true, …)` appends `eosTokenId`.
    public let addsEOS: Bool
    /// Number of tokens in the vocabulary.
    public var vocabularySize: Int { tokens.count }

    /// Token type codes of `tokenizer.ggml.token_type`.
    enum TokenType {
        static let normal: Int32 = 1, unknown: Int32 = 2, control: Int32 = 3, userDefined: Int32 = 4
        static let unused: Int32 = 5, byte: Int32 = 6
    }

    /// Texts of control tokens that end a turn in the common families (llama.cpp's end-of-generation list).
    static let endOfGenerationTexts: Set<String> = [
        "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|eom_id|>", "<EOT>",
        "<|END_OF_TURN_TOKEN|>", "<|end_of_text|>", "<｜end▁of▁sentence｜>", "</s>", "<|return|>", "<|call|>",
    ]

    /// Builds the tokenizer a vocabulary describes.
    public static func make(_ vocabulary: TokenizerVocabulary) throws -> Tokenizer {
        try Tokenizer(vocabulary)
    }

    public init(_ v: TokenizerVocabulary) throws {
        guard !v.tokens.isEmpty else { throw TokenizerError("Empty vocabulary") }
        tokens = v.tokens
        tokenTypes = v.tokenTypes.count == v.tokens.count
            ? v.tokenTypes : [Int32](repeating: TokenType.normal, count: v.tokens.count)
        let types = tokenTypes
        switch v.model {
        case "gpt2":
            let pre = PreTokenizer(variant: v.pre)
            let ignoreMerges = pre.passes.count == 1 && { if case .llama3(3) = pre.passes[0] { true } else { false } }()
            model = .bytePair(try BytePairModel(tokens: v.tokens, merges: v.merges, ignoreMerges: ignoreMerges), pre)
            bytesTable = zip(v.tokens, types).map { text, type in
                type == TokenType.normal || type == TokenType.byte
                    ? ByteLevelEncoding.decode(text) ?? Array(text.utf8) : Array(text.utf8)
            }
        case "llama":
            model = .sentencePiece(SentencePieceModel(
                tokens: v.tokens, scores: v.scores, tokenTypes: types, unknownId: v.unknownTokenId))
            bytesTable = zip(v.tokens, types).map { text, type in
                if type == TokenType.byte, text.count == 6, text.hasPrefix("<0x"), let b = UInt8(text.dropFirst(3).prefix(2), radix: 16) {
                    return [b]
                }
                if type == TokenType.normal { return Array(text.replacingOccurrences(of: "\u{2581}", with: " ").utf8) }
                return Array(text.utf8)
            }
        default:
            throw TokenizerError("Unsupported tokenizer model '\(v.model)'")
        }
        var specials: [(bytes: [UInt8], id: Int32, controlOnly: Bool)] = []
        for (i, (text, type)) in zip(v.tokens, types).enumerated() where !text.isEmpty {
            switch type {
            case TokenType.control, TokenType.unknown: specials.append((Array(text.utf8), Int32(i), true))
            case TokenType.userDefined: specials.append((Array(text.utf8), Int32(i), false))
            default: break
            }
        }
        self.specials = specials.sorted { $0.bytes.count > $1.bytes.count }
        var eog = Set<Int32>()
        if let e = v.eosTokenId { eog.insert(e) }
        if let e = v.eotTokenId { eog.insert(e) }
        for (i, (text, type)) in zip(v.tokens, types).enumerated()
        where type == TokenType.control && Self.endOfGenerationTexts.contains(text) {
            eog.insert(Int32(i))
        }
        endOfGeneration = eog
        bosTokenId = v.bosTokenId
        eosTokenId = v.eosTokenId
        addsBOS = v.addBOS && v.bosTokenId != nil
        addsEOS = v.addEOS && v.eosTokenId != nil
        addSpacePrefix = v.addSpacePrefix
    }

    /// Token ids of `text`. `addSpecial` adds BOS/EOS as the vocabulary asks; `parseSpecial` turns the text of
    /// control tokens (e.g. `<|im_start|>`) into those tokens (user-defined tokens are always recognised).
    public func encode(_ text: String, addSpecial: Bool = true, parseSpecial: Bool = false) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(text.utf8.count / 3 + 2)
        if addSpecial, addsBOS, let bos = bosTokenId { out.append(bos) }
        var isPrevSpecial = true
        for fragment in partition(text, parseSpecial: parseSpecial) {
            switch fragment {
            case .token(let id):
                out.append(id)
                isPrevSpecial = true
            case .text(let t):
                switch model {
                case .bytePair(let bpe, let pre):
                    for word in pre.split(t) { bpe.encode(word: word, into: &out) }
                case .sentencePiece(let spm):
                    var s = addSpacePrefix && isPrevSpecial ? " " : ""
                    s += t
                    spm.encode(escaped: s.replacingOccurrences(of: " ", with: "\u{2581}"), into: &out)
                }
                isPrevSpecial = false
            }
        }
        if addSpecial, addsEOS, let eos = eosTokenId { out.append(eos) }
        return out
    }

    private enum Fragment {
        case text(String)
        case token(Int32)
    }

    /// Splits text at special-token occurrences, longest special tokens first, comparing UTF-8 bytes as
    /// llama.cpp does. (`String.contains`/`components(separatedBy:)` compare Characters: a special token
    /// followed by a combining mark, e.g. "<|im_end|>\u{301}", is one grapheme cluster there and was missed.)
    /// Cuts fall on scalar boundaries (UTF-8 is self-synchronising), so every text piece is valid UTF-8.
    private func partition(_ text: String, parseSpecial: Bool) -> [Fragment] {
        enum Piece {
            case bytes(ArraySlice<UInt8>)
            case token(Int32)
        }
        var pieces: [Piece] = [.bytes(Array(text.utf8)[...])]
        for special in specials where parseSpecial || !special.controlOnly {
            let needle = special.bytes, first = needle[0]
            var next: [Piece] = []
            var found = false
            for piece in pieces {
                guard case .bytes(let hay) = piece else {
                    next.append(piece)
                    continue
                }
                var start = hay.startIndex, i = hay.startIndex
                while i + needle.count <= hay.endIndex {
                    if hay[i] == first, hay[i..<(i + needle.count)].elementsEqual(needle) {
                        if start < i { next.append(.bytes(hay[start..<i])) }
                        next.append(.token(special.id))
                        i += needle.count
                        start = i
                        found = true
                    } else {
                        i += 1
                    }
                }
                if start < hay.endIndex { next.append(.bytes(hay[start...])) }
            }
            if found { pieces = next }
        }
        return pieces.map { piece in
            switch piece {
            case .bytes(let b): .text(String(decoding: b, as: UTF8.self))
            case .token(let id): .token(id)
            }
        }
    }

    /// The raw bytes a token stands for (control and user-defined tokens: their text). Empty for unknown ids.
    public func tokenBytes(_ id: Int32) -> [UInt8] {
        guard id >= 0, Int(id) < bytesTable.count else { return [] }
        return bytesTable[Int(id)]
    }

    /// The token's vocabulary entry as written in the GGUF (byte-level or `▁` form).
    public func tokenText(_ id: Int32) -> String {
        guard id >= 0, Int(id) < tokens.count else { return "" }
        return tokens[Int(id)]
    }

    /// Whether the token is a control token (never part of the visible text).
    public func isControl(_ id: Int32) -> Bool {
        guard id >= 0, Int(id) < tokenTypes.count else { return false }
        return tokenTypes[Int(id)] == TokenType.control
    }

    /// Whether generating this token ends the turn: eos, eot, and end-of-turn control tokens.
    public func isEndOfGeneration(_ id: Int32) -> Bool { endOfGeneration.contains(id) }

    /// The ids of the end-of-generation tokens.
    public var endOfGenerationTokenIds: Set<Int32> { endOfGeneration }

    /// Id of a token with exactly this vocabulary text, if any (e.g. `"<|im_end|>"`).
    public func tokenId(forText text: String) -> Int32? {
        tokens.firstIndex(of: text).map { Int32($0) }
    }

    /// Text of a token sequence, with invalid UTF-8 replaced by U+FFFD.
    public func decode(_ ids: [Int32]) -> String {
        var bytes: [UInt8] = []
        for id in ids { bytes.append(contentsOf: tokenBytes(id)) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
