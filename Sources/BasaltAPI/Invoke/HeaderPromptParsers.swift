import BasaltCore
import Foundation

/// Splits templates whose turns open with a marker followed by the role name and a header terminator
/// (`<|start_header_id|>user<|end_header_id|>`, `<|im_start|>user\n`, `<|start|>user<|message|>`) and close with an
/// end marker. A trailing open assistant turn with no text is the generation cue and is dropped; one with text is
/// an assistant prefill.
struct HeaderSplitter: Sendable {
    var open: String
    var headerEnd: String
    var ends: [String]
    var ignored: [String] = []

    func split(_ text: String, role: (String) -> Role?) -> ParsedPrompt? {
        guard text.contains(open) else { return nil }
        let cleaned = text.removing(ignored)
        var parsed = ParsedPrompt()
        var pieces = cleaned.components(separatedBy: open)
        let preamble = pieces.removeFirst()
        parsed.append(nil, preamble)
        for piece in pieces {
            guard let h = piece.range(of: headerEnd) else { continue }
            let header = String(piece[..<h.lowerBound]).trimmingCharacters(in: .whitespaces)
            var body = String(piece[h.upperBound...])
            for end in ends { if let e = body.range(of: end) { body = String(body[..<e.lowerBound]) } }
            parsed.append(role(header), body)
        }
        return parsed
    }
}

/// Llama 3 header-id template (§8.3).
struct Llama3PromptParser: RawPromptParser {
    var template: PromptFormat { .llama3 }
    func parse(_ text: String) -> ParsedPrompt? {
        HeaderSplitter(
            open: "<|start_header_id|>", headerEnd: "<|end_header_id|>", ends: ["<|eot_id|>", "<|eom_id|>"],
            ignored: ["<|begin_of_text|>"]
        ).split(text) { header in
            switch header {
            case "system": nil
            case "assistant": .assistant
            default: .user  // user, ipython / tool output
            }
        }
    }
}

/// ChatML (`<|im_start|>role\n…<|im_end|>`).
struct ChatMLPromptParser: RawPromptParser {
    var template: PromptFormat { .chatml }
    func parse(_ text: String) -> ParsedPrompt? {
        HeaderSplitter(open: "<|im_start|>", headerEnd: "\n", ends: ["<|im_end|>"]).split(text) { header in
            switch header {
            case "system": nil
            case "assistant": .assistant
            default: .user
            }
        }
    }
}

/// OpenAI harmony (gpt-oss): `<|start|>role<|channel|>final<|message|>…<|end|>`.
struct HarmonyPromptParser: RawPromptParser {
    var template: PromptFormat { .harmony }
    func parse(_ text: String) -> ParsedPrompt? {
        HeaderSplitter(open: "<|start|>", headerEnd: "<|message|>", ends: ["<|end|>", "<|return|>", "<|call|>"])
            .split(text) { header in
                let role = header.components(separatedBy: "<|channel|>")[0].trimmingCharacters(in: .whitespaces)
                switch role {
                case "system", "developer": return nil
                case "assistant": return .assistant
                default: return .user
                }
            }
    }
}
