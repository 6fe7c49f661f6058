"""Writes spm_reference.json: a tiny SentencePiece BPE model (byte fallback) trained here, as the GGUF
`llama` tokenizer fields (tokens, scores, token types), plus the ids `sentencepiece` itself gives for a corpus.
Usage: python3 make_spm_reference.py   (requires: pip install sentencepiece)
"""
import io, json, os, random
import sentencepiece as spm

HERE = os.path.dirname(os.path.abspath(__file__))
random.seed(7)
words = ("the quick brown fox jumps over lazy dog tokenizer model merges scores byte fallback "
         "hello world swift engine basalt bedrock runtime stream token sentence piece").split()
lines = [" ".join(random.choice(words) for _ in range(random.randint(3, 12))) for _ in range(3000)]
lines += ["Numbers 123 456 7890 and punctuation, like this!"] * 20
model = io.BytesIO()
spm.SentencePieceTrainer.train(
    sentence_iterator=iter(lines), model_writer=model, model_type="bpe", vocab_size=400,
    byte_fallback=True, normalization_rule_name="identity", remove_extra_whitespaces=False,
    add_dummy_prefix=True, character_coverage=1.0, bos_id=1, eos_id=2, unk_id=0, minloglevel=2)
sp = spm.SentencePieceProcessor(model_proto=model.getvalue())
n = sp.get_piece_size()
types = []
for i in range(n):
    types.append(2 if sp.is_unknown(i) else 3 if sp.is_control(i) else 6 if sp.is_byte(i)
                 else 5 if sp.is_unused(i) else 1)
corpus = [
    "the quick brown fox",
    "hello world",
    "  two leading spaces",
    "trailing space ",
    "unknown letters: zebra QUIZ ü é 日本 😀",
    "Numbers 123 456 7890 and punctuation, like this!",
    "tokenizer merges scores",
    "multi\nline\ttext",
]
out = {
    "tokens": [sp.id_to_piece(i) for i in range(n)],
    "scores": [sp.get_score(i) for i in range(n)],
    "types": types,
    "corpus": corpus,
    "expected": [sp.encode(t) for t in corpus],
}
with open(os.path.join(HERE, "spm_reference.json"), "w") as f:
    json.dump(out, f, ensure_ascii=False)
print(n, "pieces")
