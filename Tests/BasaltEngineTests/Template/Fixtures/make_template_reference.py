"""Writes template_reference.json: each fixture template rendered by Hugging Face transformers' own chat
template renderer (jinja2 with trim_blocks, lstrip_blocks, loop controls and HF's tojson) for a set of
conversations. Usage: python3 make_template_reference.py  (requires: pip install transformers jinja2)
"""
import json, os
from transformers.utils.chat_template_utils import render_jinja_template

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = [{"type": "function", "function": {
    "name": "get_weather", "description": "Get the current weather for a city.",
    "parameters": {"type": "object", "properties": {
        "city": {"type": "string", "description": "City name, e.g. Paris"},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["city"]}}}]
CONVERSATIONS = {
    "basic": [{"role": "system", "content": "You are terse."},
              {"role": "user", "content": "Hi! What's 2+2?"}],
    "multi_turn": [{"role": "user", "content": "Hello there"},
                   {"role": "assistant", "content": "Hi! How can I help?"},
                   {"role": "user", "content": "Tell me a joke about ünïcode 😀."}],
    "tools": [{"role": "system", "content": "Use tools when helpful."},
              {"role": "user", "content": "Weather in Paris?"},
              {"role": "assistant", "tool_calls": [{"id": "call12345", "type": "function", "function": {
                  "name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}}]},
              {"role": "tool", "tool_call_id": "call12345", "name": "get_weather",
               "content": "{\"temperature\": 21, \"sky\": \"clear\"}"},
              {"role": "user", "content": "And should I bring an umbrella?"}],
    "tool_turn": [{"role": "system", "content": "Use tools when helpful."},
                  {"role": "user", "content": "Weather in Paris?"},
                  {"role": "assistant", "tool_calls": [{"id": "call12345", "type": "function", "function": {
                      "name": "get_weather", "arguments": {"city": "Paris"}}}]},
                  {"role": "tool", "tool_call_id": "call12345", "name": "get_weather", "content": "21 C, clear"}],
    "prefill": [{"role": "user", "content": "Write a haiku"},
                {"role": "assistant", "content": "Autumn leaves"}],
    "spaces": [{"role": "user", "content": "  padded message with trailing newline\n"}],
}
CASES = [
    ("smollm2", "basic", None, True), ("smollm2", "multi_turn", None, True), ("smollm2", "prefill", None, False),
    ("smollm2", "spaces", None, True),
    ("llama3.1", "basic", None, True), ("llama3.1", "multi_turn", None, True), ("llama3.1", "tools", TOOLS, True),
    ("llama3.1", "prefill", None, False), ("llama3.1", "spaces", None, True),
    ("qwen2.5", "basic", None, True), ("qwen2.5", "multi_turn", None, True), ("qwen2.5", "tools", TOOLS, True),
    ("qwen2.5", "prefill", None, False),
    ("mistral-nemo", "basic", None, True), ("mistral-nemo", "multi_turn", None, True),
    ("mistral-nemo", "tools", TOOLS, True), ("mistral-nemo", "tool_turn", TOOLS, True),
    ("qwen2.5", "tool_turn", TOOLS, True), ("llama3.1", "tool_turn", TOOLS, True), ("mistral-nemo", "prefill", None, False),
    ("mixtral", "multi_turn", None, True), ("mixtral", "basic", None, True), ("mixtral", "prefill", None, False),
    ("gemma2", "multi_turn", None, True), ("gemma2", "basic", None, True), ("gemma2", "spaces", None, True),
    ("features", "multi_turn", TOOLS, True), ("features", "basic", None, False),
]
TOKENS = {"gemma2": ("<bos>", "<eos>"), "llama3.1": ("<|begin_of_text|>", "<|eot_id|>"),
          "mistral-nemo": ("<s>", "</s>"), "mixtral": ("<s>", "</s>"), "qwen2.5": ("", "<|im_end|>"),
          "smollm2": ("<|im_start|>", "<|im_end|>"), "features": ("<s>", "</s>")}
templates = {}
for name in sorted({c[0] for c in CASES}):
    with open(os.path.join(HERE, name + ".jinja")) as f:
        templates[name] = f.read()
cases = []
for template, conv, tools, gen in CASES:
    bos, eos = TOKENS[template]
    case = {"template": template, "conversation": conv, "messages": CONVERSATIONS[conv], "tools": tools,
            "add_generation_prompt": gen, "bos_token": bos, "eos_token": eos}
    try:
        out, _ = render_jinja_template([CONVERSATIONS[conv]], tools=tools, chat_template=templates[template],
                                       add_generation_prompt=gen, bos_token=bos, eos_token=eos)
        case["expected"] = out[0]
    except Exception as e:  # the template raised: Basalt must fail too
        case["error"] = str(e)
    cases.append(case)
with open(os.path.join(HERE, "template_reference.json"), "w") as f:
    json.dump({"cases": cases}, f, ensure_ascii=False, indent=1)
print(len(cases), "cases;", sum("error" in c for c in cases), "raise")
