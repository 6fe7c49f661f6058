extension ChatTemplate {
    /// The prompt format family this template writes (`chatml`, `llama3`, `llama2`, `mistral`, `deepseek`,
    /// `harmony`), recognised by its markers; nil when unknown. Raw prompts already in this format can be used as is.
    public var promptFormat: String? {
        let markers: [(String, String)] = [
            ("<|im_start|>", "chatml"), ("<|start_header_id|>", "llama3"), ("<<SYS>>", "llama2"),
            ("[INST]", "mistral"), ("<｜User｜>", "deepseek"), ("<|start|>", "harmony"),
        ]
        return markers.first { source.contains($0.0) }?.1
    }
}
