#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan, UBSan) and runs each for SECONDS
# seconds (default 20; run for hours by hand: bash scripts/fuzz.sh 3600) on its
# seed corpus in tests/fuzz/corpus/<name>/. New inputs go to a scratch corpus
# under build/fuzz so the committed seeds stay small; a crash fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
cmake --preset fuzz >/dev/null
targets=()
for f in tests/fuzz/fuzz_*.cpp; do targets+=("$(basename "$f" .cpp)"); done
cmake --build --preset fuzz --target "${targets[@]}"
for t in "${targets[@]}"; do
  name="${t#fuzz_}"
  seeds="tests/fuzz/corpus/$name"
  scratch="build/fuzz/corpus/$name"
  mkdir -p "$scratch" "$seeds"
  echo "fuzz: $t for ${seconds}s"
  log="build/fuzz/$t.log"
  rc=0
  ASAN_OPTIONS=detect_leaks=1 "build/fuzz/tests/$t" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="build/fuzz/$t-" "$scratch" "$seeds" >"$log" 2>&1 || rc=$?
  grep -E '^stat::number_of_executed_units' "$log" || true
  if [ "$rc" -ne 0 ]; then
    tail -n 60 "$log"
    echo "fuzz: $t failed (exit $rc); the input is in build/fuzz/$t-*" >&2
    exit 1
  fi
done
