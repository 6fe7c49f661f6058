#!/bin/sh
# Side-by-side verification and benchmark of Basalt's engine against llama.cpp (same GGUF, same threads,
# this machine):
#   (a) finds or builds llama.cpp from the llama-cpp-python sdist (pinned version) outside the repo
#   (b0) bitwise checks of Basalt's kernels against libggml (reference/ggml_check_*.c)
#   (b) tokenization of corpus/*.txt (whole files and line by line; parse_special off and on) — ids diffed
#   (c) greedy decoding of prompts/*.txt (ChatML chat prompts and raw text), GREEDY_N tokens: first divergence,
#       exact float64 arbiter at each divergence, and argmax agreement under teacher forcing on llama.cpp's path;
#       llama.cpp with flash attention off is run alongside as a measure of llama.cpp's own numerical spread
#   (d) speed: llama-bench pp512 + tg128 next to Basalt's bench, with ratios and load averages
#   (e) aggregate decode of 8 concurrent sequences vs 1 (Basalt; llama-batched-bench alongside)
#   (f) resident memory with the model loaded vs file size + KV cache + 64 MiB
# then prints a summary (benchmarks/engine/report.py).
#
#   benchmarks/engine/compare.sh                 # everything
#   benchmarks/engine/compare.sh verify          # (a)-(c) only;  `speed` = (a),(d),(e),(f) only
#
# Environment: MODEL, BASALT_CACHE, THREADS (2), GREEDY_N (96), REPS (3), CONCURRENT (8), RSS_CONTEXT (1024),
#   LLAMA_CPP_VERSION (0.3.36), LLAMA_CPP_CACHE (~/.cache/basalt/llama.cpp), LLAMA_CPP_SRC (a llama.cpp source
#   tree to use instead of the cached sdist), CMAKE (cmake command), OUT (/tmp/basalt-compare), BENCH_DIR.
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
PART=${1:-all}
BASALT_CACHE=${BASALT_CACHE:-$HOME/.cache/basalt}
MODEL=${MODEL:-$BASALT_CACHE/models/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf}
THREADS=${THREADS:-2}
GREEDY_N=${GREEDY_N:-96}
REPS=${REPS:-3}
CONCURRENT=${CONCURRENT:-8}
RSS_CONTEXT=${RSS_CONTEXT:-1024}
VERSION=${LLAMA_CPP_VERSION:-0.3.36}
CACHE=${LLAMA_CPP_CACHE:-$HOME/.cache/basalt/llama.cpp}
SRC=${LLAMA_CPP_SRC:-$CACHE/llama_cpp_python-$VERSION/vendor/llama.cpp}
OUT=${OUT:-/tmp/basalt-compare}
export MODEL THREADS REPS
[ -f "$MODEL" ] || { echo "model not found: $MODEL" >&2; exit 1; }
rm -rf "$OUT" && mkdir -p "$OUT/greedy" "$OUT/exact"
say() { printf '== %s\n' "$*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# (a) llama.cpp: the sdist's vendored tree, built once (Release, shared libs, native CPU) with the targets used here.
TARGETS="llama llama-bench llama-batched-bench"
BIN=$SRC/build/bin
need_build=0
for t in libllama.so llama-bench llama-batched-bench; do [ -e "$BIN/$t" ] || need_build=1; done
if [ $need_build = 1 ]; then
    if [ ! -f "$SRC/CMakeLists.txt" ]; then
        say "downloading llama-cpp-python==$VERSION (sdist) into $CACHE"
        mkdir -p "$CACHE"
        python3 -m pip download --no-binary :all: --no-deps -d "$CACHE" "llama-cpp-python==$VERSION" >&2
        tar -xzf "$(ls "$CACHE"/llama[-_]cpp[-_]python-"$VERSION".tar.gz | head -n 1)" -C "$CACHE"
    fi
    if [ -z "$CMAKE" ]; then
        if command -v cmake >/dev/null 2>&1; then CMAKE=cmake
        else
            [ -x "$CACHE/tools/bin/cmake" ] || python3 -m pip install --target "$CACHE/tools" cmake ninja >&2
            CMAKE="env PYTHONPATH=$CACHE/tools PATH=$CACHE/tools/bin:$PATH $CACHE/tools/bin/cmake"
        fi
    fi
    say "building llama.cpp ($TARGETS) in $SRC/build (first time: ~15 min on 2 cores)"
    GEN=""; command -v ninja >/dev/null 2>&1 || [ -x "$CACHE/tools/bin/ninja" ] && GEN="-G Ninja"
    [ -f "$SRC/build/CMakeCache.txt" ] || $CMAKE -S "$SRC" -B "$SRC/build" $GEN -DCMAKE_BUILD_TYPE=Release \
        -DBUILD_SHARED_LIBS=ON -DGGML_NATIVE=ON -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_SERVER=OFF >&2
    $CMAKE --build "$SRC/build" --target $TARGETS -j "$(nproc)" >&2
fi
export LD_LIBRARY_PATH="$BIN${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
REF=$CACHE/llama_ref
mkdir -p "$CACHE"
if [ ! -x "$REF" ] || [ "$HERE/reference/llama_ref.c" -nt "$REF" ] || [ "$BIN/libllama.so" -nt "$REF" ]; then
    cc -O2 -o "$REF" "$HERE/reference/llama_ref.c" -I"$SRC/include" -I"$SRC/ggml/include" -L"$BIN" \
        -lllama -lggml -lggml-base -Wl,-rpath,"$BIN"
fi
echo "$SRC" > "$OUT/llama-src.txt"

# Basalt's side: the release EngineBench of run.sh.
say "building Basalt EngineBench"
BUILD_ONLY=1 "$HERE/run.sh"
BASALT=${BENCH_DIR:-/tmp/basalt-engine-bench}/.build/release/EngineBench

if [ "$PART" = all ] || [ "$PART" = verify ]; then
    # (b0) bitwise checks of Basalt's kernels against this libggml (random inputs, the model's shapes)
    ROOT=$(cd "$HERE/../.." && pwd)
    for check in matmul ops; do
        say "ggml bitwise check: $check"
        ${CC:-cc} -O3 -mavx2 -mfma -mf16c -o "$OUT/ggml_check_$check" "$HERE/reference/ggml_check_$check.c" \
            "$ROOT"/Sources/CBasaltKernels/*.c -I "$ROOT/Sources/CBasaltKernels/include" -I "$SRC/ggml/include" \
            -L "$BIN" -lggml -lggml-base -lggml-cpu -lm -Wl,-rpath,"$BIN" 2> "$OUT/ggml-check-$check.build.log" &&
            "$OUT/ggml_check_$check" > "$OUT/ggml-check-$check.txt" || true
    done
    # (b) tokenization
    say "tokenization: corpus/*.txt"
    "$REF" tokenize "$MODEL" "$HERE"/corpus/*.txt > "$OUT/tok-llama.jsonl"
    "$BASALT" tokenize "$HERE"/corpus/*.txt > "$OUT/tok-basalt.jsonl"
    # (c) greedy decoding: llama.cpp (its default: flash attention auto = on for CPU), llama.cpp with flash
    # attention off (how far llama.cpp agrees with itself), Basalt
    for p in "$HERE"/prompts/*.txt; do
        name=$(basename "$p" .txt)
        say "greedy: $name ($GREEDY_N tokens)"
        "$REF" greedy "$MODEL" "$p" "$GREEDY_N" "$THREADS" > "$OUT/greedy/$name.llama.json"
        LLAMA_REF_FA=0 "$REF" greedy "$MODEL" "$p" "$GREEDY_N" "$THREADS" > "$OUT/greedy/$name.llama-fa0.json"
        "$BASALT" greedy "$p" "$GREEDY_N" > "$OUT/greedy/$name.basalt.json"
        # Teacher forcing along llama.cpp's greedy path: each step's argmax on the same prefix. Logits at the
        # first divergence are dumped for comparison with the exact reference (-1: no divergence, no dump).
        G="$OUT/greedy/$name"
        python3 -c 'import json, sys; print(",".join(map(str, json.load(open(sys.argv[1]))["ids"])))' \
            "$G.llama.json" > "$G.path"
        d=$(python3 "$HERE/report.py" --divergence "$OUT" "$name")
        FORCE="$G.path" DUMP_STEP=$d DUMP_FILE="$OUT/exact/$name.basalt.f32" \
            "$BASALT" greedy "$p" "$GREEDY_N" > "$G.basalt-forced.json"
        LLAMA_REF_FA=0 LLAMA_REF_FORCE="$G.path" LLAMA_REF_DUMP_STEP=$d LLAMA_REF_DUMP_FILE="$OUT/exact/$name.llama-fa0.f32" \
            "$REF" greedy "$MODEL" "$p" "$GREEDY_N" "$THREADS" > "$G.llama-fa0-forced.json"
        if [ "$d" -ge 0 ]; then
            LLAMA_REF_FORCE="$G.path" LLAMA_REF_DUMP_STEP=$d LLAMA_REF_DUMP_FILE="$OUT/exact/$name.llama.f32" \
                "$REF" greedy "$MODEL" "$p" $((d + 1)) "$THREADS" > /dev/null
            # Basalt's reference mode: unrounded activations, F32 KV cache.
            EXACT=1 KV=f32 FORCE="$G.path" DUMP_STEP=$d DUMP_FILE="$OUT/exact/$name.basalt-exact.f32" \
                "$BASALT" greedy "$p" $((d + 1)) > /dev/null
        fi
    done
    # Arbiter for each divergence: exact float64 logits of the common prefix (numpy + gguf; skipped without them).
    python3 "$HERE/report.py" --jobs "$OUT" > "$OUT/exact-jobs.json"
    if python3 -c 'import numpy, gguf' 2>/dev/null && [ "$(cat "$OUT/exact-jobs.json")" != "{}" ]; then
        say "exact float64 reference at each divergence"
        python3 "$HERE/reference/exact_logits.py" "$MODEL" "$OUT/exact-jobs.json" "$OUT/exact" > "$OUT/exact.jsonl"
    fi
fi

if [ "$PART" = all ] || [ "$PART" = speed ]; then
    # (d) speed, llama.cpp then Basalt, load average before each
    say "speed: llama-bench pp512+tg128, $THREADS threads, $REPS reps"
    load > "$OUT/load-llama.txt"
    "$BIN/llama-bench" -m "$MODEL" -p 512 -n 128 -t "$THREADS" -r "$REPS" -o json > "$OUT/llama-bench.json" 2>/dev/null
    load >> "$OUT/load-llama.txt"
    say "speed: Basalt pp512+tg128"
    load > "$OUT/load-basalt.txt"
    PP=512 TG=128 "$BASALT" bench > "$OUT/basalt-bench.txt"
    load >> "$OUT/load-basalt.txt"
    # (e) concurrency
    say "concurrency: $CONCURRENT sequences vs 1"
    load > "$OUT/load-concurrent.txt"
    "$BASALT" concurrent "$CONCURRENT" 64 > "$OUT/concurrent.txt"
    "$BIN/llama-batched-bench" -m "$MODEL" -c 2048 -b 512 -ub 512 -npp 32 -ntg 64 -npl "1,$CONCURRENT" \
        -t "$THREADS" > "$OUT/batched-bench.txt" 2>/dev/null || true
    load >> "$OUT/load-concurrent.txt"
    # (f) memory
    say "memory: RSS with a $RSS_CONTEXT-position KV cache"
    "$BASALT" rss "$RSS_CONTEXT" > "$OUT/rss.txt"
fi

python3 "$HERE/report.py" "$OUT" "$MODEL" "$THREADS"
