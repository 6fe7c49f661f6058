"""Writes bpe_reference.json: expected token ids for a text corpus, computed by Hugging Face `tokenizers`
(independent Rust implementation) from the SmolLM2 GGUF's vocabulary and merges, for each pre-tokenizer
variant Basalt implements. Usage: python3 make_bpe_reference.py [path/to/SmolLM2-135M-Instruct.Q4_1.gguf]
Requires: pip install gguf tokenizers
"""
import json, os, sys
from gguf import GGUFReader
from tokenizers import Tokenizer, Regex, AddedToken, models, pre_tokenizers

HERE = os.path.dirname(os.path.abspath(__file__))
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.environ.get("BASALT_CACHE", "/root/.cache/basalt"), "models/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")
r = GGUFReader(path)
def strings(key):
    f = r.fields[key]
    return [bytes(f.parts[i]).decode("utf-8") for i in f.data]
tokens = strings("tokenizer.ggml.tokens")
merges = [tuple(m.split(" ", 1)) for m in strings("tokenizer.ggml.merges")]
tt = r.fields["tokenizer.ggml.token_type"]
types = [int(tt.parts[i][0]) for i in tt.data]
vocab = {t: i for i, t in enumerate(tokens)}
specials = [AddedToken(t, special=True, normalized=False) for t, ty in zip(tokens, types) if ty == 3]

LLAMA3 = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}"
          r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
QWEN2 = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}"
         r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")

def build(variant):
    bpe = models.BPE(vocab=vocab, merges=merges, ignore_merges=(variant == "llama-bpe"))
    tok = Tokenizer(bpe)
    if variant == "smollm":  # SmolLM2's tokenizer.json: Digits(individual) then ByteLevel
        tok.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Digits(individual_digits=True),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)])
    elif variant == "gpt2":
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    else:
        tok.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Split(Regex(LLAMA3 if variant == "llama-bpe" else QWEN2), behavior="isolated"),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
    tok.add_special_tokens(specials)
    return tok

corpus = [
    "Hello world",
    "Hello, world! How are you doing today?",
    "  leading spaces and trailing spaces   ",
    "tabs\tand\nnewlines\n\n\nmultiple\r\nwindows",
    "whitespace runs:      x     \n   \t  y",
    "Numbers: 1 12 123 1234 12345 3.14159 -42 1,000,000",
    "I'm sure they'll say it's what we've done, DON'T WE'LL I'D",
    "日本語のテキストです。中文文本。한국어 텍스트",
    "Emoji: 😀🎉👍🏽 and flags 🇫🇷 and ZWJ 👨‍👩‍👧",
    "Ünïcödé àccénts, Ελληνικά, русский текст, العربية, עברית, हिन्दी",
    "def f(x):\n    return x ** 2  # square\n\nprint(f(3))",
    "if (a <= b && c != d) { x += 1; } else { y -= 2; }",
    "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n",
    "<|im_start|>system\nYou are helpful.<|im_end|>",
    "text<|endoftext|>more text<repo_name>x",
    "mixed123abc456def 7eight9",
    "punctuation!!! ??? ... --- ((( ))) $$$ %%% ^^^ ~~~ |||",
    "URL: https://example.com/path?q=1&r=two#frag",
    "JSON: {\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}",
    "\u00a0non-breaking\u00a0space and\u3000ideographic space",
    "a\n\nb\n \n c \n\n  d",
    "x",
    "",
    " ",
    "\n",
    "endswithspace ",
    "’curly quotes’ “double” — em dash – en dash … ellipsis",
    "ŁÓDŹ İstanbul ß ẞ ǅ ʰ ⁵ ½ Ⅻ ①",
]
BYTE_DECODER = {}
_bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
_cs, _n = _bs[:], 0
for _b in range(256):
    if _b not in _bs:
        _bs.append(_b); _cs.append(256 + _n); _n += 1
BYTE_DECODER = {chr(c): b for b, c in zip(_bs, _cs)}
def unbyte(piece):
    return bytes(BYTE_DECODER[c] for c in piece).decode("utf-8", errors="replace")

out = {"corpus": corpus, "expected": {}, "pieces": {}}
for variant in ["smollm", "gpt2", "llama-bpe", "qwen2"]:
    tok = build(variant)
    out["expected"][variant] = [tok.encode(t, add_special_tokens=False).ids for t in corpus]
    # Pre-tokenizer pieces alone (text without special tokens), decoded from the byte-level alphabet.
    out["pieces"][variant] = [[unbyte(p) for p, _ in tok.pre_tokenizer.pre_tokenize_str(t)] for t in corpus]
with open(os.path.join(HERE, "bpe_reference.json"), "w") as f:
    json.dump(out, f, ensure_ascii=False, indent=0)
print("wrote", sum(len(x) for v in out["expected"].values() for x in v), "ids")
