import BasaltCore
import Foundation

/// A BERT WordPiece tokenizer as described by a Hugging Face `tokenizer.json`: special tokens matched in the
/// raw text, `BertNormalizer`, `BertPreTokenizer`, greedy longest-match-first WordPiece with a continuation
/// prefix (`##`) and a per-word character limit (longer words become `[UNK]`), then `[CLS] … [SEP]`.
public struct WordPieceTokenizer: Sendable {
    /// One encoded text.
    public struct Encoding: Sendable, Hashable {
        /// Token ids including `[CLS]` and `[SEP]`.
        public var ids: [Int32]
        /// Whether tokens were dropped to fit the maximum length.
        public var truncated: Bool
    }

    public let normalizer: BertNormalizer
    public let unknownID: Int32
    public let clsID: Int32
    public let sepID: Int32
    public let padID: Int32
    /// Number of entries in the vocabulary.
    public var vocabularySize: Int { vocabulary.count }

    private let vocabulary: [String: Int32]
    private let continuationPrefix: String
    private let maxCharactersPerWord: Int
    /// Added tokens matched verbatim in the raw text (longest first).
    private let specialTokens: [(scalars: [Unicode.Scalar], id: Int32)]

    /// A tokenizer over `vocabulary`; the special tokens must be in it.
    public init(
        vocabulary: [String: Int32], normalizer: BertNormalizer = BertNormalizer(), unknownToken: String = "[UNK]",
        clsToken: String = "[CLS]", sepToken: String = "[SEP]", padToken: String = "[PAD]",
        continuationPrefix: String = "##", maxCharactersPerWord: Int = 100, specialTokens: [String]? = nil
    ) throws {
        func id(_ token: String) throws -> Int32 {
            guard let id = vocabulary[token] else { throw EmbeddingModelError("token \(token) is not in the vocabulary") }
            return id
        }
        self.vocabulary = vocabulary
        self.normalizer = normalizer
        unknownID = try id(unknownToken)
        clsID = try id(clsToken)
        sepID = try id(sepToken)
        padID = vocabulary[padToken] ?? 0
        self.continuationPrefix = continuationPrefix
        self.maxCharactersPerWord = maxCharactersPerWord
        let specials = specialTokens ?? [padToken, unknownToken, clsToken, sepToken, "[MASK]"]
        self.specialTokens = specials.compactMap { t in vocabulary[t].map { (Array(t.unicodeScalars), $0) } }
            .sorted { $0.scalars.count > $1.scalars.count }
    }

    /// Loads a `tokenizer.json` whose model is `WordPiece`.
    public static func load(contentsOf url: URL) throws -> WordPieceTokenizer {
        let data = try Data(contentsOf: url)
        let json: JSONValue
        do { json = try JSONValue.parse(data) } catch {
            throw EmbeddingModelError.malformed(url.path, "\(error)")
        }
        guard let model = json["model"], model["type"]?.stringValue == "WordPiece",
              let vocab = model["vocab"]?.objectValue
        else { throw EmbeddingModelError.malformed(url.path, "model is not WordPiece") }
        var vocabulary: [String: Int32] = [:]
        vocabulary.reserveCapacity(vocab.count)
        for (token, value) in vocab {
            guard let id = value.intValue else { throw EmbeddingModelError.malformed(url.path, "bad id for \(token)") }
            vocabulary[token] = Int32(id)
        }
        var normalizer = BertNormalizer()
        if let n = json["normalizer"], n != .null {
            guard n["type"]?.stringValue == "BertNormalizer" else {
                throw EmbeddingModelError.malformed(url.path, "unsupported normalizer \(n["type"]?.stringValue ?? "?")")
            }
            let lowercase = n["lowercase"]?.boolValue ?? true
            normalizer = BertNormalizer(
                cleanText: n["clean_text"]?.boolValue ?? true,
                handleChineseChars: n["handle_chinese_chars"]?.boolValue ?? true,
                stripAccents: n["strip_accents"]?.boolValue, lowercase: lowercase)
        }
        if let p = json["pre_tokenizer"], p != .null, p["type"]?.stringValue != "BertPreTokenizer" {
            throw EmbeddingModelError.malformed(url.path, "unsupported pre-tokenizer \(p["type"]?.stringValue ?? "?")")
        }
        let specials = (json["added_tokens"]?.arrayValue ?? []).compactMap { t -> String? in
            guard t["special"]?.boolValue == true, t["normalized"]?.boolValue != true else { return nil }
            return t["content"]?.stringValue
        }
        return try WordPieceTokenizer(
            vocabulary: vocabulary, normalizer: normalizer,
            unknownToken: model["unk_token"]?.stringValue ?? "[UNK]",
            continuationPrefix: model["continuing_subword_prefix"]?.stringValue ?? "##",
            maxCharactersPerWord: model["max_input_chars_per_word"]?.intValue ?? 100,
            specialTokens: specials.isEmpty ? nil : specials)
    }

    /// The id of `token`, if it is in the vocabulary.
    public func id(of token: String) -> Int32? { vocabulary[token] }

    /// Token ids of `text` without `[CLS]`/`[SEP]`.
    public func tokenize(_ text: String) -> [Int32] {
        var out: [Int32] = []
        let scalars = Array(text.unicodeScalars)
        var segmentStart = 0, i = 0
        while i < scalars.count {
            if let special = specialTokens.first(where: { matches($0.scalars, in: scalars, at: i) }) {
                tokenizeSegment(scalars[segmentStart..<i], into: &out)
                out.append(special.id)
                i += special.scalars.count
                segmentStart = i
            } else {
                i += 1
            }
        }
        tokenizeSegment(scalars[segmentStart..<scalars.count], into: &out)
        return out
    }

    /// `[CLS] tokens [SEP]`, at most `maxLength` ids; a longer text is cut as `truncation` says
    /// (`.none` leaves it whole and reports `truncated == false`; callers check the length).
    public func encode(_ text: String, maxLength: Int, truncation: EmbeddingTruncation = .end) -> Encoding {
        var body = tokenize(text)
        let room = max(0, maxLength - 2)
        var truncated = false
        if body.count > room {
            switch truncation {
            case .none: break
            case .end: body.removeLast(body.count - room); truncated = true
            case .start: body.removeFirst(body.count - room); truncated = true
            }
        }
        return Encoding(ids: [clsID] + body + [sepID], truncated: truncated)
    }

    private func matches(_ token: [Unicode.Scalar], in scalars: [Unicode.Scalar], at i: Int) -> Bool {
        guard scalars[i] == token[0], i + token.count <= scalars.count else { return false }
        for j in 1..<token.count where scalars[i + j] != token[j] { return false }
        return true
    }

    private func tokenizeSegment(_ segment: ArraySlice<Unicode.Scalar>, into out: inout [Int32]) {
        guard !segment.isEmpty else { return }
        let normalized = normalizer.normalize(String(String.UnicodeScalarView(segment)))
        for word in BertPreTokenizer.split(normalized) { wordPiece(word, into: &out) }
    }

    /// Greedy longest-match-first; a word with any unmatched remainder is a single `[UNK]`.
    private func wordPiece(_ word: [Unicode.Scalar], into out: inout [Int32]) {
        if word.count > maxCharactersPerWord {
            out.append(unknownID)
            return
        }
        let mark = out.count
        var start = 0
        while start < word.count {
            var end = word.count
            var found: Int32?
            while start < end {
                var piece = start > 0 ? continuationPrefix : ""
                piece.unicodeScalars.append(contentsOf: word[start..<end])
                if let id = vocabulary[piece] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else {
                out.removeSubrange(mark...)
                out.append(unknownID)
                return
            }
            out.append(id)
            start = end
        }
    }
}
