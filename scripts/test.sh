#!/usr/bin/env bash
# Runs every test of tenantform on a fresh Debian 12 machine: installs what is
# missing, builds with warnings as errors, runs ctest, a short benchmark run and a
# short fuzz run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci -j2
# Benchmarks run briefly so they keep working; their figures are in bench/README.md.
build/ci/bench/bench_expr 20000 >/dev/null
build/ci/bench/bench_plan 10 >/dev/null      # exits 1 when a case does not give the plan it should
build/ci/bench/bench_observe 4 >/dev/null
build/ci/bench/bench_apply 4 >/dev/null
build/ci/bench/bench_preview 20000 >/dev/null  # exits 1 when the outcomes do not add up
if [ -d tests/fuzz ] && ls tests/fuzz/fuzz_*.cpp >/dev/null 2>&1; then
  bash scripts/fuzz.sh 20
fi
