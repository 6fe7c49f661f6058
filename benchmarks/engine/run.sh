#!/bin/sh
# Builds the engine benchmark in release mode in a scratch package (symlinks into this checkout, so the
# project's Package.swift is untouched) and runs it.
#   benchmarks/engine/run.sh            # pp512 + tg128, 2 threads, 3 repetitions
#   THREADS=1 PP=128 TG=64 benchmarks/engine/run.sh
#   benchmarks/engine/run.sh micro      # single-thread kernel timings
# Environment: MODEL (GGUF path), BASALT_CACHE, THREADS, PP, TG, REPS. Wall-clock numbers are only
# meaningful on an otherwise idle machine; the CPU-time column shows interference.
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${BENCH_DIR:-/tmp/basalt-engine-bench}
mkdir -p "$WORK/Sources/EngineBench"
for t in CBasaltKernels BasaltCore BasaltEngine; do ln -sfn "$ROOT/Sources/$t" "$WORK/Sources/$t"; done
ln -sfn "$ROOT/benchmarks/engine/main.swift" "$WORK/Sources/EngineBench/main.swift"
cat > "$WORK/Package.swift" <<'PKG'
// swift-tools-version:6.0
import PackageDescription
let package = Package(
    name: "engine-bench",
    targets: [
        .target(name: "CBasaltKernels", cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "BasaltCore"),
        .target(name: "BasaltEngine", dependencies: ["BasaltCore", "CBasaltKernels"],
                sources: ["GGUF", "Kernels", "Model", "Tokenizer/TokenizerVocabulary.swift"],
                swiftSettings: [.unsafeFlags(["-Ounchecked"])]),
        .executableTarget(name: "EngineBench", dependencies: ["BasaltEngine", "CBasaltKernels"]),
    ]
)
PKG
cd "$WORK"
swift build -c release --product EngineBench > "$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
exec "$WORK/.build/release/EngineBench" "$@"
