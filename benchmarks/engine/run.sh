#!/bin/sh
# Builds the engine benchmark (EngineBench/) in release mode in a scratch package of symlinks into this
# checkout (the project's Package.swift is untouched) and runs it.
#   benchmarks/engine/run.sh                    # pp512 + tg128, 2 threads, 3 repetitions
#   THREADS=1 PP=128 TG=64 benchmarks/engine/run.sh
#   benchmarks/engine/run.sh micro              # single-thread kernel timings
#   benchmarks/engine/run.sh tokenize FILE...   # token ids (JSON lines), see compare.sh
#   benchmarks/engine/run.sh greedy PROMPT_FILE N
#   benchmarks/engine/run.sh concurrent 8 64    # batched decode of 8 sequences vs 1
#   benchmarks/engine/run.sh rss 1024           # resident memory with a filled 1024-position KV cache
# Environment: MODEL (GGUF path), BASALT_CACHE, THREADS, PP, TG, DEPTH (tokens in the cache before tg, as
# llama-bench -d), REPS, KV=f32, EXACT=1, BENCH_DIR.
# Wall-clock numbers are only meaningful on an otherwise idle machine; the CPU-time column shows interference.
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${BENCH_DIR:-/tmp/basalt-engine-bench}
mkdir -p "$WORK/Sources"
# Earlier versions linked only main.swift into a real directory: replace that directory by the link.
if [ -d "$WORK/Sources/EngineBench" ] && [ ! -L "$WORK/Sources/EngineBench" ]; then
    rm -rf "$WORK/Sources/EngineBench"
fi
for t in CBasaltKernels BasaltCore BasaltEngine; do ln -sfn "$ROOT/Sources/$t" "$WORK/Sources/$t"; done
ln -sfn "$ROOT/benchmarks/engine/EngineBench" "$WORK/Sources/EngineBench"
cat > "$WORK/Package.swift" <<'PKG'
// swift-tools-version:6.0
import PackageDescription
let package = Package(
    name: "engine-bench",
    targets: [
        .target(name: "CBasaltKernels", cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "BasaltCore"),
        .target(name: "BasaltEngine", dependencies: ["BasaltCore", "CBasaltKernels"],
                sources: ["GGUF", "Kernels", "Model", "Tokenizer"],
                swiftSettings: [.unsafeFlags(["-Ounchecked"])]),
        .executableTarget(name: "EngineBench", dependencies: ["BasaltEngine", "CBasaltKernels"]),
    ]
)
PKG
cd "$WORK"
swift build -c release --product EngineBench > "$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
[ -n "$BUILD_ONLY" ] && exit 0
exec "$WORK/.build/release/EngineBench" "$@"
