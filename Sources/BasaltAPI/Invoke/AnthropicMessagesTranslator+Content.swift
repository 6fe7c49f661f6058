import BasaltCore
import BasaltWire

/// Messages and content blocks of the Anthropic Messages body.
extension AnthropicMessagesTranslator {
    static let blockTypes = ["text", "image", "document", "tool_use", "tool_result", "thinking", "redacted_thinking"]
    static let imageTypes = ["image/jpeg", "image/png", "image/gif", "image/webp"]

    func decodeMessage(_ v: JSONValue, _ at: String, reader s: inout SchemaReader) -> Message? {
        guard let o = s.object(v, at) else { return nil }
        s.keys(o, at, required: ["role", "content"], allowed: ["role", "content"])
        let role = s.string(o["role"], "\(at)/role", oneOf: ["user", "assistant"]).flatMap(Role.init(rawValue:))
        var blocks: [ContentBlock] = []
        switch o["content"] {
        case .string(let text)?:
            blocks = [.text(text)]
        case let content?:
            for (i, b) in (s.array(content, "\(at)/content") ?? []).enumerated() {
                if let block = decodeBlock(b, "\(at)/content/\(i)", reader: &s) { blocks.append(block) }
            }
        case nil:
            break
        }
        guard let role else { return nil }
        return Message(role: role, content: blocks)
    }

    func decodeBlock(_ v: JSONValue, _ at: String, reader s: inout SchemaReader) -> ContentBlock? {
        guard let o = s.object(v, at) else { return nil }
        if o["type"] == nil { s.fail(at, "required key [type] not found"); return nil }
        guard let type = s.string(o["type"], "\(at)/type", oneOf: Self.blockTypes), Self.blockTypes.contains(type) else {
            return nil
        }
        switch type {
        case "text":
            s.keys(o, at, required: ["text"], allowed: ["type", "text", "cache_control", "citations"])
            return s.string(o["text"], "\(at)/text").map(ContentBlock.text)
        case "image":
            s.keys(o, at, required: ["source"], allowed: ["type", "source", "cache_control"])
            return decodeImage(o["source"], "\(at)/source", reader: &s).map(ContentBlock.image)
        case "document":
            s.keys(o, at, required: ["source"], allowed: ["type", "source", "title", "context", "citations", "cache_control"])
            return decodeDocument(o, at, reader: &s).map(ContentBlock.document)
        case "tool_use":
            s.keys(o, at, required: ["id", "name", "input"], allowed: ["type", "id", "name", "input", "cache_control"])
            let id = s.string(o["id"], "\(at)/id")
            let name = s.string(o["name"], "\(at)/name")
            let input = s.object(o["input"], "\(at)/input")
            guard let id, let name, let input else { return nil }
            return .toolUse(ToolUse(id: id, name: name, input: .object(input)))
        case "tool_result":
            s.keys(o, at, required: ["tool_use_id"], allowed: ["type", "tool_use_id", "content", "is_error", "cache_control"])
            return decodeToolResult(o, at, reader: &s).map(ContentBlock.toolResult)
        case "thinking":
            s.keys(o, at, required: ["thinking"], allowed: ["type", "thinking", "signature"])
            let text = s.string(o["thinking"], "\(at)/thinking")
            let signature = s.string(o["signature"], "\(at)/signature")
            return text.map { .reasoning(ReasoningBlock(text: $0, signature: signature)) }
        default:  // redacted_thinking: opaque to a local model
            s.keys(o, at, required: ["data"], allowed: ["type", "data"])
            _ = s.string(o["data"], "\(at)/data")
            return nil
        }
    }

    func decodeImage(_ v: JSONValue?, _ at: String, reader s: inout SchemaReader) -> MediaBlock? {
        guard let src = s.object(v, at) else { return nil }
        s.keys(src, at, required: ["type", "media_type", "data"], allowed: ["type", "media_type", "data"])
        _ = s.string(src["type"], "\(at)/type", oneOf: ["base64"])
        let media = s.string(src["media_type"], "\(at)/media_type", oneOf: Self.imageTypes)
        guard let data = s.string(src["data"], "\(at)/data") else { return nil }
        guard let bytes = Base64.decode(data) else { s.fail("\(at)/data", "string is not valid base64"); return nil }
        guard let media, Self.imageTypes.contains(media) else { return nil }
        return MediaBlock(format: String(media.dropFirst("image/".count)), bytes: bytes)
    }

    func decodeDocument(_ o: JSONObject, _ at: String, reader s: inout SchemaReader) -> DocumentBlock? {
        let title = s.string(o["title"], "\(at)/title")
        _ = s.string(o["context"], "\(at)/context")
        guard let src = s.object(o["source"], "\(at)/source") else { return nil }
        let p = "\(at)/source"
        s.keys(src, p, required: ["type", "media_type", "data"], allowed: ["type", "media_type", "data"])
        let kind = s.string(src["type"], "\(p)/type", oneOf: ["base64", "text"])
        let media = s.string(src["media_type"], "\(p)/media_type", oneOf: ["application/pdf", "text/plain"])
        guard let data = s.string(src["data"], "\(p)/data"), let kind, let media else { return nil }
        let format = media == "application/pdf" ? "pdf" : "txt"
        let name = title ?? "document"
        if kind == "text" { return DocumentBlock(name: name, format: format, text: data) }
        guard let bytes = Base64.decode(data) else { s.fail("\(p)/data", "string is not valid base64"); return nil }
        guard let text = DocumentText.extract(bytes, format: format) else {
            s.fail("\(p)/data", "document could not be read as \(format)")
            return nil
        }
        return DocumentBlock(name: name, format: format, text: text)
    }

    func decodeToolResult(_ o: JSONObject, _ at: String, reader s: inout SchemaReader) -> ToolResult? {
        let id = s.string(o["tool_use_id"], "\(at)/tool_use_id")
        let isError = s.bool(o["is_error"], "\(at)/is_error") ?? false
        var content: [ToolResult.Content] = []
        switch o["content"] {
        case .string(let text)?:
            content = [.text(text)]
        case let list?:
            for (i, b) in (s.array(list, "\(at)/content") ?? []).enumerated() {
                let p = "\(at)/content/\(i)"
                guard let block = decodeBlock(b, p, reader: &s) else { continue }
                switch block {
                case .text(let t): content.append(.text(t))
                case .image(let m): content.append(.image(m))
                case .document(let d): content.append(.document(d))
                default: s.fail("\(p)/type", "\(b["type"]?.stringValue ?? "") is not a valid enum value")
                }
            }
        case nil:
            break
        }
        guard let id else { return nil }
        return ToolResult(toolUseId: id, content: content, status: isError ? .error : nil)
    }
}
