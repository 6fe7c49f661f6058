extension GGUFFile {
    /// Reads every `tokenizer.ggml.*` field. Throws when the model name or token list is missing.
    public func tokenizerVocabulary() throws -> TokenizerVocabulary {
        guard let model = string("tokenizer.ggml.model") else { throw GGUFError.missingKey("tokenizer.ggml.model") }
        guard let tokens = stringArray("tokenizer.ggml.tokens") else {
            throw GGUFError.missingKey("tokenizer.ggml.tokens")
        }
        let types = intArray("tokenizer.ggml.token_type").map { $0.map { Int32(truncatingIfNeeded: $0) } }
        if let types, types.count != tokens.count {
            throw GGUFError.wrongKeyType("tokenizer.ggml.token_type", expected: "one entry per token")
        }
        func id(_ key: String) -> Int32? {
            guard let v = int("tokenizer.ggml.\(key)"), v >= 0, v < tokens.count else { return nil }
            return Int32(v)
        }
        let isSentencePiece = model == "llama"
        return TokenizerVocabulary(
            model: model,
            pre: string("tokenizer.ggml.pre"),
            tokens: tokens,
            tokenTypes: types ?? Array(repeating: 1, count: tokens.count),
            scores: floatArray("tokenizer.ggml.scores") ?? [],
            merges: stringArray("tokenizer.ggml.merges") ?? [],
            bosTokenId: id("bos_token_id"),
            eosTokenId: id("eos_token_id"),
            eotTokenId: id("eot_token_id"),
            unknownTokenId: id("unknown_token_id"),
            paddingTokenId: id("padding_token_id"),
            addBOS: bool("tokenizer.ggml.add_bos_token") ?? (isSentencePiece || model == "bert"),
            addEOS: bool("tokenizer.ggml.add_eos_token") ?? (model == "bert"),
            addSpacePrefix: bool("tokenizer.ggml.add_space_prefix") ?? isSentencePiece
        )
    }
}
