#!/usr/bin/env bash
# Runs the suite beside CPU-bound busy loops, as a shared CI machine under load would: the way to
# check that a test waits for signals rather than for time.
#
#   bash test/stress/run-busy.sh                 # npm test beside two busy loops
#   bash test/stress/run-busy.sh --ci            # the whole of .ci/run (install, lint, typecheck, tests)
#   bash test/stress/run-busy.sh --loops 4 test/slack   # more load, and only some test files
#
# Exits with the suite's exit code; the loops stop with it (also on Ctrl-C).
set -euo pipefail
cd "$(dirname "$0")/../.."

loops=2
ci=false
while [ $# -gt 0 ]; do
  case "$1" in
    --ci) ci=true; shift ;;
    --loops) loops="${2:?--loops needs a number}"; shift 2 ;;
    *) break ;;
  esac
done

pids=()
stop_loops() { [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true; }
trap stop_loops EXIT INT TERM
for _ in $(seq 1 "$loops"); do
  (while :; do :; done) &
  pids+=("$!")
done
echo "run-busy: ${loops} busy loops running (pids ${pids[*]}); load average $(cut -d' ' -f1-3 /proc/loadavg)"

start=$(date +%s)
status=0
if [ "$ci" = true ]; then
  CI=true bash .ci/run || status=$?
else
  npx vitest run "$@" || status=$?
fi
echo "run-busy: exit ${status} after $(( $(date +%s) - start )) s beside ${loops} busy loops; load average $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
