import BasaltCore
import Foundation

/// Splits text at turn markers that each announce a role (`\n\nHuman:`, `User:`, `<｜User｜>`); text before the
/// first marker is a system prompt. A trailing empty assistant turn is the generation cue and is dropped.
struct MarkerSplitter: Sendable {
    var markers: [(marker: String, role: Role)]
    /// Markers that must appear for the template to match.
    var userMarker: String

    func split(_ text: String) -> ParsedPrompt? {
        guard text.contains(userMarker) else { return nil }
        var turns: [(role: Role?, start: String.Index, end: String.Index)] = []
        var cursor = text.startIndex
        var current: (role: Role?, start: String.Index) = (nil, text.startIndex)
        while cursor < text.endIndex {
            var best: (range: Range<String.Index>, role: Role)?
            for m in markers {
                if let r = text.range(of: m.marker, range: cursor..<text.endIndex),
                    best == nil || r.lowerBound < best!.range.lowerBound
                {
                    best = (r, m.role)
                }
            }
            guard let best else { break }
            turns.append((current.role, current.start, best.range.lowerBound))
            current = (best.role, best.range.upperBound)
            cursor = best.range.upperBound
        }
        turns.append((current.role, current.start, text.endIndex))
        var parsed = ParsedPrompt()
        for t in turns { parsed.append(t.role, String(text[t.start..<t.end])) }
        return parsed
    }
}

/// Anthropic legacy text completions: `\n\nHuman: …\n\nAssistant: …` (§8.2).
struct AnthropicTextPromptParser: RawPromptParser {
    var template: PromptFormat { .anthropicText }
    func parse(_ text: String) -> ParsedPrompt? {
        let normalized = text.hasPrefix("Human:") ? "\n\n" + text : text
        return MarkerSplitter(
            markers: [("\n\nHuman:", .user), ("\n\nAssistant:", .assistant)], userMarker: "\n\nHuman:"
        ).split(normalized)
    }
}

/// Titan text: lines starting `User:` / `Bot:` (§8.8).
struct TitanPromptParser: RawPromptParser {
    var template: PromptFormat { .titan }
    func parse(_ text: String) -> ParsedPrompt? {
        MarkerSplitter(markers: [("\nUser:", .user), ("\nBot:", .assistant)], userMarker: "\nUser:").split("\n" + text)
    }
}

/// DeepSeek: `<｜begin▁of▁sentence｜>system<｜User｜>…<｜Assistant｜>…<｜end▁of▁sentence｜>`.
struct DeepSeekPromptParser: RawPromptParser {
    var template: PromptFormat { .deepseek }
    func parse(_ text: String) -> ParsedPrompt? {
        let cleaned = text.removing(["<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>"])
        guard var parsed = MarkerSplitter(
            markers: [("<｜User｜>", .user), ("<｜Assistant｜>", .assistant)], userMarker: "<｜User｜>"
        ).split(cleaned) else { return nil }
        // A cue that opens the reasoning block (`<｜Assistant｜><think>\n`) is not an assistant turn.
        if let last = parsed.messages.last, last.role == .assistant, last.content == [.text("<think>")] {
            parsed.messages.removeLast()
        }
        return parsed
    }
}

/// Llama 2 chat and Mistral instruct: `<s>[INST] <<SYS>>\n…\n<</SYS>>\n\nq [/INST] a </s><s>[INST] q2 [/INST]`.
struct InstPromptParser: RawPromptParser {
    var template: PromptFormat
    func parse(_ text: String) -> ParsedPrompt? {
        guard text.contains("[INST]") else { return nil }
        var cleaned = text.removing(["<s>", "</s>"])
        var system: String?
        if let open = cleaned.range(of: "<<SYS>>"), let close = cleaned.range(of: "<</SYS>>", range: open.upperBound..<cleaned.endIndex) {
            system = String(cleaned[open.upperBound..<close.lowerBound])
            cleaned.removeSubrange(open.lowerBound..<close.upperBound)
        }
        guard var parsed = MarkerSplitter(
            markers: [("[INST]", .user), ("[/INST]", .assistant)], userMarker: "[INST]"
        ).split(cleaned) else { return nil }
        if let system { parsed.system.insert(system.trimmingCharacters(in: .whitespacesAndNewlines), at: 0) }
        parsed.system.removeAll { $0.isEmpty }
        return parsed
    }
}
