#!/usr/bin/env bash
# Run the whole test suite RUNS times while HOGS busy-loop processes compete for the CPU.
# Usage: scripts/stress_tests.sh [HOGS=2] [RUNS=5]. Exit 0 only if every run passed.
# A suite that passes here does not depend on timing: the browser tests wait on conditions.
set -uo pipefail
cd "$(dirname "$0")/.."
hogs=${1:-2}
runs=${2:-5}
pids=()
stop_hogs() { [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null; }
trap stop_hogs EXIT
for _ in $(seq "$hogs"); do
  (while :; do :; done) &
  pids+=($!)
done
passed=0
for run in $(seq "$runs"); do
  start=$(date +%s)
  if make -s test >"/tmp/stress-run-$run.log" 2>&1; then
    passed=$((passed + 1))
    verdict=passed
  else
    verdict="FAILED (log: /tmp/stress-run-$run.log)"
  fi
  echo "run $run/$runs with $hogs CPU hogs: $verdict in $(($(date +%s) - start)) s"
done
echo "$passed of $runs runs passed"
[ "$passed" -eq "$runs" ]
