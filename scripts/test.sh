#!/usr/bin/env bash
# Runs every test of tenantform on a fresh Debian 12 machine: installs what is
# missing, builds with warnings as errors, runs ctest, then a short fuzz run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci -j2
if [ -d tests/fuzz ] && ls tests/fuzz/fuzz_*.cpp >/dev/null 2>&1; then
  bash scripts/fuzz.sh 20
fi
