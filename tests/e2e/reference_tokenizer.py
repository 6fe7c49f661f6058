"""An independent reference for SmolLM2 prompt token counts: HF `tokenizers` built from the GGUF vocabulary.

The GGUF says `tokenizer.ggml.model = gpt2`, `pre = smollm`: byte-level BPE whose pre-tokenizer splits every
digit on its own, then applies the GPT-2 regex (as SmolLM2's tokenizer.json does). The prompt is rendered with the
GGUF's own chat template (jinja2), which inserts a default system prompt when the conversation has none.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

MODEL = Path(os.environ.get("BASALT_CACHE", str(Path.home() / ".cache" / "basalt"))) \
    / "models" / "smollm2" / "SmolLM2-135M-Instruct.Q4_1.gguf"


def _field_str(reader, key: str) -> str:
    f = reader.fields[key]
    return bytes(f.parts[f.data[0]]).decode("utf-8")


def _field_strs(reader, key: str) -> list[str]:
    f = reader.fields[key]
    return [bytes(f.parts[i]).decode("utf-8") for i in f.data]


@lru_cache(maxsize=1)
def _load():
    from gguf import GGUFReader
    from jinja2 import Environment
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers

    reader = GGUFReader(str(MODEL))
    assert _field_str(reader, "tokenizer.ggml.model") == "gpt2"
    assert _field_str(reader, "tokenizer.ggml.pre") == "smollm"
    tokens = _field_strs(reader, "tokenizer.ggml.tokens")
    merges = [tuple(m.split(" ", 1)) for m in _field_strs(reader, "tokenizer.ggml.merges")]
    types = reader.fields["tokenizer.ggml.token_type"]
    token_types = [int(types.parts[i][0]) for i in types.data]
    vocab = {t: i for i, t in enumerate(tokens)}
    tok = Tokenizer(models.BPE(vocab=vocab, merges=merges, fuse_unk=False, byte_fallback=False))
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Digits(individual_digits=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
    ])
    tok.decoder = decoders.ByteLevel()
    # Control tokens (type 3) such as <|im_start|> / <|im_end|> are matched whole.
    from tokenizers import AddedToken
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False)
                            for t, ty in zip(tokens, token_types) if ty == 3])
    template = Environment().from_string(_field_str(reader, "tokenizer.chat_template"))
    return tok, template


def available() -> bool:
    if not MODEL.is_file():
        return False
    try:
        import gguf  # noqa: F401
        import jinja2  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError:
        return False
    return True


def render(messages: list[dict[str, str]]) -> str:
    """Render `[{"role", "content"}]` with the model's chat template and the generation prompt."""
    _, template = _load()
    return template.render(messages=messages, add_generation_prompt=True)


def count(text: str) -> int:
    tok, _ = _load()
    return len(tok.encode(text, add_special_tokens=False).ids)


def prompt_tokens(messages: list[dict[str, str]]) -> int:
    return count(render(messages))
