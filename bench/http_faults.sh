#!/usr/bin/env bash
# The fault drill at full size: `evolbench answer` gets N answers (default 20,000)
# from a sim-server replying 429 (with Retry-After) to 10% of requests, 500 to 5%,
# dropping 2% of connections and sending malformed bodies for 1%, killed with SIGKILL
# K times (default 3) at random moments and run again each time (each kill must land
# on a run still going). Passes when the last run ends with every answer, the store
# holds each answer and each call once, the server made each completion once (what was
# on the wire at a kill is replayed under its Idempotency-Key), and a rerun asks the
# server nothing.
#
#   bench/http_faults.sh [N] [K]       BUILD=build-dir: where things were built
set -euo pipefail
cd "$(dirname "$0")/.."
answers=${1:-20000}
kills=${2:-3}
source bench/lib.sh
ensure_command sqlite3  # to count the store's rows
expected=$((answers / 2 * 2))

start_sim_server --threads 72 --429 0.10 --retry-after 1 --500 0.05 --drop 0.02 --malformed 0.01

write_answer_plan "$work" "$((answers / 2))" f "Explain to reader %d how a tide table is read." \
  "max_in_flight: 32, max_attempts: 12"

stats() { curl -s "http://127.0.0.1:$port/stats"; }
started=$(date +%s)
stat_of() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" <<<"$2"; }  # NAME STATS_JSON
for kill in $(seq "$kills"); do
  "$evolbench_bin" answer "$work/plan.yaml" --out "$work/out" --quiet >/dev/null 2>&1 &
  run_pid=$!
  after=$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 0.3 + 1.2 * r / 32767 }')
  sleep "$after"
  kill -9 "$run_pid" 2>/dev/null || true
  status=0
  wait "$run_pid" 2>/dev/null || status=$?
  # A run that ended before its kill would let the drill pass without testing it.
  [ "$status" = 137 ] || { echo "$bench_name: run $kill ended (exit $status) before its kill at $after s" >&2; exit 1; }
  echo "run $kill killed after $after s, with $(stat_of completions "$(stats)") completions made so far"
done
"$evolbench_bin" answer "$work/plan.yaml" --out "$work/out" --quiet >/dev/null
first=$(stats)
"$evolbench_bin" answer "$work/plan.yaml" --out "$work/out" --quiet >/dev/null
second=$(stats)
echo "answers asked: $expected in $(($(date +%s) - started)) s, $kills runs killed with SIGKILL first"
echo "server after the run:   $first"
echo "server after the rerun: $second"
rows=$(sqlite3 "$work/out/store.sqlite" \
  "SELECT (SELECT COUNT(*) FROM answers) || ' ' || (SELECT COUNT(*) FROM calls) || ' ' || (SELECT COUNT(DISTINCT key) FROM calls)")
read -r answer_rows call_rows distinct_calls <<<"$rows"
echo "store: $answer_rows answers, $call_rows calls ($distinct_calls distinct)"
completions=$(stat_of completions "$first")
repeated=$(stat_of repeated_completions "$first")
if [ "$completions" = "$expected" ] && [ "$repeated" = 0 ] && [ "$first" = "$second" ] &&
  [ "$answer_rows" = "$expected" ] && [ "$call_rows" = "$expected" ] && [ "$distinct_calls" = "$expected" ]; then
  echo "http_faults: PASS (every answer stored once, nothing made twice, rerun made no call)"
else
  echo "http_faults: FAIL" >&2
  exit 1
fi
