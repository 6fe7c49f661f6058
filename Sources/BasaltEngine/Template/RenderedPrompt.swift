/// A request rendered through the model's chat template.
public struct RenderedPrompt: Sendable, Hashable {
    /// The prompt, ending with the template's generation prompt (e.g. `<|im_start|>assistant\n`).
    public var text: String
    /// Text the model's answer must start with: the runtime appends it to `text` before generating and
    /// constrains decoding from there; it is not part of the response (an assistant-message prefill, or
    /// `"<tool_call>\n"` when the tool choice forces a call). Empty when there is none.
    public var prefill: String

    public init(text: String, prefill: String = "") {
        self.text = text
        self.prefill = prefill
    }
}
