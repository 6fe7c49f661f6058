"""Writes wordpiece_reference.json: ids from Hugging Face `tokenizers` for the all-MiniLM-L6-v2 tokenizer.

    pip install tokenizers
    python3 make_wordpiece_reference.py [MODEL_DIR]
"""
import json
import os
import sys

from tokenizers import Tokenizer

CACHE = os.environ.get("BASALT_CACHE", "/root/.cache/basalt")
MODEL_DIR = sys.argv[1] if len(sys.argv) > 1 else os.path.join(CACHE, "models/all-minilm-l6-v2")

CORPUS = [
    "A cat sits on the mat",
    "Hello, world! How are you doing today?",
    "The quick brown fox jumps over the lazy dog.",
    "unaffable unbelievably tokenization transformers",
    "Café résumé naïve façade coöperate Ångström",
    "ÀÉÎÕÜ àéîõü ñ Ñ ç Ç ß ẞ",
    "İstanbul ışık Ǆ ǅ ǆ ΣΑΣ Σίσυφος",
    "Привет, мир! Как дела?",
    "你好，世界！我喜欢机器学习。",
    "日本語のテキストとカタカナ、ひらがな",
    "한국어 텍스트도 있습니다",
    "emoji 😀🎉👍🏽 and symbols ©®™ € £ ¥ ₹",
    "price: $19.99 (was $25) — 20% off! <b>bold</b> a+b=c x^2 ~tilde~ |pipe| `tick`",
    "e-mail: someone@example.com, url: https://example.org/path?q=1&r=2#frag",
    "tabs\tand\nnewlines\r\nand   multiple   spaces",
    "non\u00a0breaking\u2003em\u3000ideographic\u2028line",
    "zero\u200bwidth\u200djoiner\ufeffbom soft\u00adhyphen",
    "control\x01chars\x7f and nul\x00 and replacement\ufffd",
    "combining e\u0301 a\u0308 o\u0302 n\u0303",
    "Special [CLS] tokens [SEP] in [MASK] text [UNK] and [PAD].",
    "[cls] lowercase is not special; [CLS]x and y[SEP]",
    "a" * 99,
    "b" * 100,
    "c" * 101,
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "1234567890 3.14159 1,000,000 2024-01-15 12:30:45",
    "don't won't it's we're they'll I'd",
    "«Guillemets» „quotes“ ‘single’ “double” …ellipsis… ¿Qué? ¡Sí!",
    "Mathematical ∑∫∂ √∞ ≤≥ ≠ ± × ÷ α β γ",
    "🇺🇸 flag 👨‍👩‍👧 family",
    "ＦＵＬＬＷＩＤＴＨ ｌｅｔｔｅｒｓ １２３",
    "Ελληνικά κείμενα με τόνους",
    "עברית ועוד العربية والفارسی",
    "हिन्दी पाठ और தமிழ்",
    "",
    "   ",
    "Stock markets fell sharply on Monday as investors worried about inflation.",
    "A kitten is on the rug",
]

def main():
    tok = Tokenizer.from_file(os.path.join(MODEL_DIR, "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    out = {"corpus": CORPUS, "ids": [tok.encode(t).ids for t in CORPUS]}
    truncated = tok.encode(" ".join(["word"] * 600)).ids
    out["long_text"] = " ".join(["word"] * 600)
    out["long_ids"] = truncated
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wordpiece_reference.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False)
    print("wrote", path, len(CORPUS), "texts")

if __name__ == "__main__":
    main()
