extension Catalog {
    /// AI21 Labs Jurassic-2 and Jamba.
    static var ai21Models: [FoundationModel] {
        func ai21(_ id: String, _ name: String, family: ModelFamily, out: Int, context: Int, caps: ModelCapabilities,
                  lifecycle: FoundationModel.Lifecycle) -> FoundationModel {
            FoundationModel(
                id: id, name: name, providerName: "AI21 Labs", input: [.text], output: [.text],
                streaming: family != .ai21J2, lifecycle: lifecycle, family: family, kind: .text,
                maxOutputTokens: out, contextWindow: context, capabilities: caps)
        }
        return [
            ai21("ai21.j2-mid-v1", "Jurassic-2 Mid", family: .ai21J2, out: 8_191, context: 8_191, caps: .none,
                 lifecycle: .legacy(since: "2023-09-28")),
            ai21("ai21.j2-ultra-v1", "Jurassic-2 Ultra", family: .ai21J2, out: 8_191, context: 8_191, caps: .none,
                 lifecycle: .legacy(since: "2023-09-28")),
            ai21("ai21.jamba-instruct-v1:0", "Jamba-Instruct", family: .ai21Jamba, out: 4_096, context: 256_000,
                 caps: .chat, lifecycle: .legacy(since: "2024-07-30")),
            ai21("ai21.jamba-1-5-mini-v1:0", "Jamba 1.5 Mini", family: .ai21Jamba, out: 4_096, context: 256_000,
                 caps: .chatTools, lifecycle: .active(since: "2024-08-22")),
            ai21("ai21.jamba-1-5-large-v1:0", "Jamba 1.5 Large", family: .ai21Jamba, out: 4_096, context: 256_000,
                 caps: .chatTools, lifecycle: .active(since: "2024-08-22")),
        ]
    }
}
