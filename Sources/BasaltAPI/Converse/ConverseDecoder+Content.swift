import BasaltWire
import BasaltCore
import Foundation

/// Message and content-block decoding (`Message`, `ContentBlock` and nested unions).
extension ConverseDecoder {
    static let contentMembers: Set<String> = [
        "text", "image", "document", "video", "audio", "toolUse", "toolResult", "guardContent", "cachePoint",
        "reasoningContent", "citationsContent", "searchResult",
    ]
    static let imageFormats = ["png", "jpeg", "gif", "webp"]
    static let documentFormats = ["pdf", "csv", "doc", "docx", "xls", "xlsx", "html", "txt", "md"]
    static let videoFormats = ["mkv", "mov", "mp4", "webm", "flv", "mpeg", "mpg", "wmv", "three_gp"]
    static let audioFormats = [
        "mp3", "opus", "wav", "aac", "flac", "mp4", "ogg", "mkv", "mka", "x-aac", "m4a", "mpeg", "mpga", "pcm", "webm",
    ]

    static func decodeMessage(_ v: JSONValue, path: String, reader r: inout ShapeReader) -> Message? {
        guard let o = r.object(v, path, required: true) else { return nil }
        let role = r.string(o["role"], "\(path).role", required: true, enumValues: ["user", "assistant"])
        let list = r.array(o["content"], "\(path).content", required: true) ?? []
        var blocks: [ContentBlock] = []
        for (i, b) in list.enumerated() {
            if let block = decodeContent(b, path: "\(path).content.\(i + 1).member", reader: &r) { blocks.append(block) }
        }
        guard let role, let parsed = Role(rawValue: role) else { return nil }
        return Message(role: parsed, content: blocks)
    }

    static func decodeContent(_ v: JSONValue, path: String, reader r: inout ShapeReader) -> ContentBlock? {
        guard let (kind, value) = r.union(v, path, members: contentMembers) else { return nil }
        let p = "\(path).\(kind)"
        switch kind {
        case "text":
            return r.string(value, p).map(ContentBlock.text)
        case "image":
            return decodeMedia(value, path: p, formats: imageFormats, reader: &r).map(ContentBlock.image)
        case "video":
            return decodeMedia(value, path: p, formats: videoFormats, reader: &r).map(ContentBlock.video)
        case "audio":
            return decodeMedia(value, path: p, formats: audioFormats, reader: &r).map(ContentBlock.audio)
        case "document":
            return decodeDocument(value, path: p, reader: &r).map(ContentBlock.document)
        case "toolUse":
            guard let o = r.object(value, p, required: true) else { return nil }
            let id = r.string(o["toolUseId"], "\(p).toolUseId", required: true, minLength: 1, maxLength: 64,
                pattern: toolUseIdPattern)
            let name = r.string(o["name"], "\(p).name", required: true, minLength: 1, maxLength: 64,
                pattern: toolNamePattern)
            let input = o["input"] ?? .null
            if o["input"] == nil { r.violation("\(p).input", value: nil, "Member must not be null") }
            guard let id, let name else { return nil }
            return .toolUse(ToolUse(id: id, name: name, input: input))
        case "toolResult":
            return decodeToolResult(value, path: p, reader: &r).map(ContentBlock.toolResult)
        case "guardContent":
            return decodeGuardContent(value, path: p, reader: &r).map(ContentBlock.guardContent)
        case "cachePoint":
            return decodeCachePoint(value, path: p, reader: &r) ? .cachePoint : nil
        case "reasoningContent":
            guard let (rk, rv) = r.union(value, p, members: ["reasoningText", "redactedContent"]) else { return nil }
            if rk == "reasoningText", let o = r.object(rv, "\(p).reasoningText", required: true),
                let text = r.string(o["text"], "\(p).reasoningText.text", required: true)
            {
                return .reasoning(ReasoningBlock(text: text, signature: r.string(o["signature"], "\(p).reasoningText.signature")))
            }
            if rk == "redactedContent" { _ = r.blob(rv, "\(p).redactedContent") }
            return .reasoning(ReasoningBlock(text: ""))
        case "citationsContent":
            // Generated content from an earlier assistant turn: its text is what the model said.
            guard let o = r.object(value, p, required: true) else { return nil }
            let parts = (r.array(o["content"], "\(p).content") ?? []).compactMap { $0["text"]?.stringValue }
            return .text(parts.joined())
        default:  // searchResult
            guard let o = r.object(value, p, required: true) else { return nil }
            let source = r.string(o["source"], "\(p).source", required: true) ?? ""
            let title = r.string(o["title"], "\(p).title", required: true) ?? ""
            let texts = (r.array(o["content"], "\(p).content", required: true) ?? []).compactMap { $0["text"]?.stringValue }
            return .document(DocumentBlock(name: title, format: "txt", text: "Source: \(source)\n" + texts.joined(separator: "\n")))
        }
    }

    static func decodeMedia(_ v: JSONValue, path: String, formats: [String], reader r: inout ShapeReader) -> MediaBlock? {
        guard let o = r.object(v, path, required: true) else { return nil }
        let format = r.string(o["format"], "\(path).format", required: true, enumValues: formats)
        guard let (kind, src) = r.union(o["source"], "\(path).source", members: ["bytes", "s3Location"], required: true)
        else { return nil }
        var bytes: [UInt8] = []
        if kind == "bytes" {
            bytes = r.blob(src, "\(path).source.bytes", required: true, minLength: 1) ?? []
        } else if let s3 = r.object(src, "\(path).source.s3Location", required: true) {
            _ = r.string(s3["uri"], "\(path).source.s3Location.uri", required: true, minLength: 1, maxLength: 1024,
                pattern: "s3://[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9](/.*)?")
        }
        guard let format else { return nil }
        return MediaBlock(format: format, bytes: bytes)
    }

    static func decodeDocument(_ v: JSONValue, path: String, reader r: inout ShapeReader) -> DocumentBlock? {
        guard let o = r.object(v, path, required: true) else { return nil }
        let format = r.string(o["format"], "\(path).format", enumValues: documentFormats) ?? "txt"
        let name = r.string(o["name"], "\(path).name", required: true, minLength: 1, maxLength: 200)
        _ = r.string(o["context"], "\(path).context")
        guard let (kind, src) = r.union(
            o["source"], "\(path).source", members: ["bytes", "s3Location", "text", "content"], required: true)
        else { return nil }
        var text = ""
        switch kind {
        case "bytes":
            let bytes = r.blob(src, "\(path).source.bytes", required: true, minLength: 1) ?? []
            text = DocumentText.extract(bytes, format: format) ?? ""
            if !bytes.isEmpty, DocumentText.extract(bytes, format: format) == nil {
                r.malformed("The document \(name ?? "") could not be read as \(format). Check the document and try again.")
            }
        case "text":
            text = r.string(src, "\(path).source.text") ?? ""
        case "content":
            text = (r.array(src, "\(path).source.content") ?? []).compactMap { $0["text"]?.stringValue }.joined(separator: "\n")
        default:
            _ = r.object(src, "\(path).source.s3Location", required: true)
        }
        guard let name else { return nil }
        return DocumentBlock(name: name, format: format, text: text)
    }

    static func decodeToolResult(_ v: JSONValue, path: String, reader r: inout ShapeReader) -> ToolResult? {
        guard let o = r.object(v, path, required: true) else { return nil }
        let id = r.string(o["toolUseId"], "\(path).toolUseId", required: true, minLength: 1, maxLength: 64,
            pattern: toolUseIdPattern)
        let status = r.string(o["status"], "\(path).status", enumValues: ["success", "error"])
        var content: [ToolResult.Content] = []
        for (i, c) in (r.array(o["content"], "\(path).content", required: true) ?? []).enumerated() {
            let p = "\(path).content.\(i + 1).member"
            guard let (kind, value) = r.union(
                c, p, members: ["json", "text", "image", "document", "video", "searchResult"])
            else { continue }
            switch kind {
            case "json": content.append(.json(value))
            case "text": if let t = r.string(value, "\(p).text") { content.append(.text(t)) }
            case "image":
                if let m = decodeMedia(value, path: "\(p).image", formats: imageFormats, reader: &r) { content.append(.image(m)) }
            case "document":
                if let d = decodeDocument(value, path: "\(p).document", reader: &r) { content.append(.document(d)) }
            case "video":
                if let m = decodeMedia(value, path: "\(p).video", formats: videoFormats, reader: &r) {
                    content.append(.image(m))
                }
            default:
                let texts = (value["content"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }
                content.append(.text(texts.joined(separator: "\n")))
            }
        }
        guard let id else { return nil }
        return ToolResult(toolUseId: id, content: content, status: status.flatMap(ToolResult.Status.init(rawValue:)))
    }
}
