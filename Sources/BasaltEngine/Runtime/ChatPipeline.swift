import BasaltCore

/// The real text side of a chat model: chat template rendering, tokenization, and per-request decoders built
/// from the sampler, the tool-call constraint and the output assembler.
struct ChatPipeline: TextPipeline {
    let tokenizer: Tokenizer
    let renderer: PromptRenderer

    func prepare(_ request: GenerationRequest) throws -> PreparedPrompt {
        let rendered: RenderedPrompt
        do {
            rendered = try renderer.render(request)
        } catch let error as BackendError {
            throw error
        } catch {
            throw BackendError.invalidRequest("The chat template rejected the conversation: \(error)")
        }
        return PreparedPrompt(tokens: tokens(for: rendered.text + rendered.prefill), prefill: rendered.prefill)
    }

    /// Tokenizes prompt text: special tokens written by the template are parsed; BOS is added when the
    /// vocabulary asks for it and the template did not already write it; EOS never (the model answers next).
    func tokens(for text: String) -> [Int32] {
        var tokens = tokenizer.encode(text, addSpecial: false, parseSpecial: true)
        if tokenizer.addsBOS, let bos = tokenizer.bosTokenId, tokens.first != bos {
            tokens.insert(bos, at: 0)
        }
        return tokens
    }

    func makeDecoder(for request: GenerationRequest, prompt: PreparedPrompt) -> any SequenceDecoder {
        ChatSequenceDecoder(tokenizer: tokenizer, request: request, prefill: prompt.prefill)
    }
}
