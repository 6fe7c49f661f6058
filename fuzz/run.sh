#!/usr/bin/env bash
# Builds the libFuzzer harnesses (release, -sanitize=fuzzer,address on BasaltWire and the harnesses) and runs
# each for N seconds on a copy of its seed corpus.
#
#   fuzz/run.sh [target|all] [seconds]      target: EventStreamFuzz | SigV4Fuzz | all (default all, 60 s)
#
# Environment: FUZZ_JOBS (parallel fuzzing processes per target, default 1), FUZZ_ARGS (extra libFuzzer flags).
# The working corpus and crash artifacts go to fuzz/.build/ (ignored by git); the seeds in fuzz/corpus/<target>
# are never modified. Exits non-zero if a run finds a crash; the crashing input is printed.
set -euo pipefail
cd "$(dirname "$0")"
target="${1:-all}"
seconds="${2:-60}"
case "$target" in
  all) targets=(EventStreamFuzz SigV4Fuzz) ;;
  EventStreamFuzz|SigV4Fuzz) targets=("$target") ;;
  *) echo "unknown target '$target' (EventStreamFuzz, SigV4Fuzz, all)" >&2; exit 2 ;;
esac

for t in "${targets[@]}"; do
  swift build -c release --product "$t" >&2
done
bin="$(swift build -c release --show-bin-path)"

status=0
# Swift's own crash backtracer trips ASan; libFuzzer prints the stack itself.
export SWIFT_BACKTRACE=enable=no
jobs=""
if [ "${FUZZ_JOBS:-1}" -gt 1 ]; then jobs="-jobs=$FUZZ_JOBS -workers=$FUZZ_JOBS"; fi
for t in "${targets[@]}"; do
  work=".build/corpus/$t"
  artifacts=".build/artifacts/$t/"
  mkdir -p "$work" "$artifacts"
  cp -n corpus/"$t"/* "$work"/ 2>/dev/null || true
  echo "== $t: ${seconds}s, corpus $work (seeds corpus/$t), artifacts $artifacts" >&2
  set +e
  # -max_len 4096: frames and requests larger than that add no new paths; -timeout: a hang is a bug too.
  "$bin/$t" "$work" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=4096 \
    -artifact_prefix="$artifacts" -print_final_stats=1 -print_pcs=0 $jobs ${FUZZ_ARGS:-} \
    > ".build/$t.log" 2>&1

  rc=$?
  set -e
  grep -E "^#[0-9]+\s+(INITED|DONE)|stat::|ERROR|SUMMARY|Fatal error|Test unit written|deadly signal" ".build/$t.log" >&2 || true
  if [ "$rc" -ne 0 ]; then
    echo "!! $t exited with $rc; see fuzz/.build/$t.log and $artifacts" >&2
    status=1
  fi
done
exit $status
