#!/usr/bin/env bash
# Memory: peak RSS of `evolbench answer` against a zero-latency sim-server along two
# axes. More requests over the same test set (10,000 items answered by 2 models, then
# by 20): the answer stage hands the engine items as its slots free (a lookahead of
# two slots' worth per endpoint), so peak RSS should stay flat. A larger test set (100,000 items, 2 models): the
# stages hold the test set itself in memory, so this grows with the items.
#
#   bench/http_memory.sh [ITEMS:MODELS...]   runs (default 10000:2 10000:20 100000:2)
#   BUILD=build-dir bench/http_memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=("${@:-10000:2 10000:20 100000:2}")
read -r -a runs <<<"${runs[*]}"
source bench/lib.sh

most_models=2
for run_spec in "${runs[@]}"; do most_models=$((${run_spec#*:} > most_models ? ${run_spec#*:} : most_models)); done
model_flags=()
for m in $(seq "$most_models"); do model_flags+=(--model "sim-m$m:0.$((m % 10))"); done
start_sim_server --threads 72 "${model_flags[@]}"

printf "%-8s %7s %10s %10s %12s %14s\n" "items" "models" "requests" "seconds" "requests/s" "peak RSS MB"
for run_spec in "${runs[@]}"; do
  items=${run_spec%:*} models=${run_spec#*:}
  run="$work/run-$items-$models"
  mkdir -p "$run"
  write_answer_plan "$run" "$items" m \
    "Describe how reader %d should plan a vegetable garden for a windy coastal plot." "max_in_flight: 32" \
    "$(seq -f 'sim-m%g' -s ' ' "$models")"
  started=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$run/time" "$evolbench_bin" answer "$run/plan.yaml" --out "$run/out" --quiet >/dev/null
  finished=$(date +%s.%N)
  awk -v i="$items" -v m="$models" -v n="$((items * models))" -v a="$started" -v b="$finished" \
    -v kb="$(tail -1 "$run/time")" \
    'BEGIN { printf "%-8d %7d %10d %10.1f %12.0f %14.1f\n", i, m, n, b - a, n / (b - a), kb / 1024 }'
  rm -rf "$run"
done
