import BasaltCore
import BasaltWire

/// Nova `messages[].content[]` blocks: `text`, `image`, `video`, `toolUse`, `toolResult`, `reasoningContent`,
/// `cachePoint` (documents are Converse-only for Nova, §8.9).
extension NovaTranslator {
    static let contentKeys: Set<String> = ["text", "image", "video", "toolUse", "toolResult", "reasoningContent", "cachePoint"]
    static let imageFormats = ["png", "jpeg", "gif", "webp"]
    static let videoFormats = ["mkv", "mov", "mp4", "webm", "three_gp", "flv", "mpeg", "mpg", "wmv"]

    func decodeMessage(_ v: JSONValue, _ at: String, reader s: inout SchemaReader) -> Message? {
        guard let o = s.object(v, at) else { return nil }
        s.keys(o, at, required: ["role", "content"], allowed: ["role", "content"])
        let role = s.string(o["role"], "\(at)/role", oneOf: ["user", "assistant"]).flatMap(Role.init(rawValue:))
        var blocks: [ContentBlock] = []
        for (i, b) in (s.array(o["content"], "\(at)/content") ?? []).enumerated() {
            if let block = decodeBlock(b, "\(at)/content/\(i)", reader: &s) { blocks.append(block) }
        }
        return role.map { Message(role: $0, content: blocks) }
    }

    func decodeBlock(_ v: JSONValue, _ at: String, reader s: inout SchemaReader) -> ContentBlock? {
        guard let o = s.object(v, at) else { return nil }
        s.keys(o, at, required: [], allowed: Self.contentKeys)
        if let t = s.string(o["text"], "\(at)/text") { return .text(t) }
        if o["image"] != nil {
            return decodeMedia(o["image"], "\(at)/image", formats: Self.imageFormats, reader: &s).map(ContentBlock.image)
        }
        if o["video"] != nil {
            return decodeMedia(o["video"], "\(at)/video", formats: Self.videoFormats, reader: &s).map(ContentBlock.video)
        }
        if let u = s.object(o["toolUse"], "\(at)/toolUse") {
            let p = "\(at)/toolUse"
            s.keys(u, p, required: ["toolUseId", "name", "input"], allowed: ["toolUseId", "name", "input"])
            guard let id = s.string(u["toolUseId"], "\(p)/toolUseId"), let name = s.string(u["name"], "\(p)/name") else {
                return nil
            }
            return .toolUse(ToolUse(id: id, name: name, input: u["input"] ?? [:]))
        }
        if let r = s.object(o["toolResult"], "\(at)/toolResult") { return decodeToolResult(r, "\(at)/toolResult", reader: &s) }
        if let r = s.object(o["reasoningContent"], "\(at)/reasoningContent") {
            let text = s.object(r["reasoningText"], "\(at)/reasoningContent/reasoningText")
                .flatMap { s.string($0["text"], "\(at)/reasoningContent/reasoningText/text") }
            return text.map { .reasoning(ReasoningBlock(text: $0)) }
        }
        if o["cachePoint"] != nil { return .cachePoint }
        return nil
    }

    func decodeMedia(_ v: JSONValue?, _ at: String, formats: [String], reader s: inout SchemaReader) -> MediaBlock? {
        guard let o = s.object(v, at) else { return nil }
        s.keys(o, at, required: ["format", "source"], allowed: ["format", "source"])
        let format = s.string(o["format"], "\(at)/format", oneOf: formats)
        guard let src = s.object(o["source"], "\(at)/source") else { return nil }
        s.keys(src, "\(at)/source", required: [], allowed: formats == Self.videoFormats ? ["bytes", "s3Location"] : ["bytes"])
        var bytes: [UInt8] = []
        if let b64 = s.string(src["bytes"], "\(at)/source/bytes") {
            guard let decoded = Base64.decode(b64) else {
                s.fail("\(at)/source/bytes", "string is not valid base64")
                return nil
            }
            bytes = decoded
        } else if let s3 = s.object(src["s3Location"], "\(at)/source/s3Location") {
            s.keys(s3, "\(at)/source/s3Location", required: ["uri"], allowed: ["uri", "bucketOwner"])
            _ = s.string(s3["uri"], "\(at)/source/s3Location/uri")
            _ = s.string(s3["bucketOwner"], "\(at)/source/s3Location/bucketOwner")
        }
        guard let format, formats.contains(format) else { return nil }
        return MediaBlock(format: format, bytes: bytes)
    }

    func decodeToolResult(_ o: JSONObject, _ at: String, reader s: inout SchemaReader) -> ContentBlock? {
        s.keys(o, at, required: ["toolUseId", "content"], allowed: ["toolUseId", "content", "status"])
        let id = s.string(o["toolUseId"], "\(at)/toolUseId")
        let status = s.string(o["status"], "\(at)/status", oneOf: ["success", "error"]).flatMap(ToolResult.Status.init)
        var content: [ToolResult.Content] = []
        for (i, c) in (s.array(o["content"], "\(at)/content") ?? []).enumerated() {
            let p = "\(at)/content/\(i)"
            guard let item = s.object(c, p) else { continue }
            s.keys(item, p, required: [], allowed: ["text", "json", "image"])
            if let t = s.string(item["text"], "\(p)/text") { content.append(.text(t)) }
            if let j = item["json"] { content.append(.json(j)) }
            if item["image"] != nil,
                let m = decodeMedia(item["image"], "\(p)/image", formats: Self.imageFormats, reader: &s)
            {
                content.append(.image(m))
            }
        }
        return id.map { .toolResult(ToolResult(toolUseId: $0, content: content, status: status)) }
    }
}
