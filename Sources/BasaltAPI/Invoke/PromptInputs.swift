import BasaltCore
import BasaltWire

/// Shared pieces of the raw-prompt (text-completion) families' decoders.
enum PromptInputs {
    /// The root object of a body, or the schema error for a body that is not one.
    static func root(_ body: JSONValue, style: SchemaReader.Style) throws(AWSError) -> JSONObject {
        var s = SchemaReader()
        guard let o = s.object(body, "#") else {
            try s.check(style: style)
            throw BedrockError.malformedInput("#: expected type: JSONObject")
        }
        return o
    }

    /// The body without the guardrail configuration Bedrock strips before calling the model (§8.12).
    static func echo(_ o: JSONObject) -> JSONObject {
        var copy = o
        copy[SchemaReader.guardrailKey] = nil
        return copy
    }

    /// An input whose conversation is the raw prompt parsed back (template `preferring` tried first).
    static func make(
        prompt: String, modelId: String, preferring: PromptFormat, parameters: GenerationParameters,
        body: JSONObject, images: [MediaBlock] = [], diagnostics: [String] = []
    ) -> InvokeInput {
        let (raw, parsed) = RawPrompts.parse(prompt, preferring: preferring)
        var messages = parsed.messages
        if !images.isEmpty {
            let blocks = images.map(ContentBlock.image)
            if let i = messages.lastIndex(where: { $0.role == .user }) {
                messages[i].content.insert(contentsOf: blocks, at: 0)
            } else {
                messages.insert(Message(role: .user, content: blocks), at: 0)
            }
        }
        let request = GenerationRequest(
            modelId: modelId, system: parsed.system, messages: messages, parameters: parameters)
        return InvokeInput(request: request, rawPrompt: raw, body: echo(body), diagnostics: diagnostics)
    }

    /// The image format named by the bytes' signature (`png`, `jpeg`, `gif`, `webp`), nil if unknown.
    static func imageFormat(_ b: [UInt8]) -> String? {
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "png" }
        if b.starts(with: [0xFF, 0xD8, 0xFF]) { return "jpeg" }
        if b.starts(with: Array("GIF8".utf8)) { return "gif" }
        if b.count >= 12, b.starts(with: Array("RIFF".utf8)), Array(b[8..<12]) == Array("WEBP".utf8) { return "webp" }
        return nil
    }

    /// The text of a collected response (text blocks joined; the only output of text-completion formats).
    static func text(_ c: ResponseCollector) -> String { c.text }

    static func int(_ n: Int) -> JSONValue { .number(Double(n)) }
}
