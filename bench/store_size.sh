#!/usr/bin/env bash
# The run store's size per model call: `run` on the simulated backend over ITEMS
# generated items answered by MODELS simulated models and judged by every pair in
# both orders (ITEMS x MODELS answers, ITEMS x MODELS x (MODELS - 1) judge games),
# then the store's bytes per call, per table, and the same after a rerun that must
# make no call.
#
#   bench/store_size.sh [ITEMS] [MODELS]   defaults 10000 and 5: 50,000 answers and
#                                          200,000 judge games, 250,000 calls
#   BUILD=build-dir bench/store_size.sh
set -euo pipefail
cd "$(dirname "$0")/.."
items=${1:-10000}
models=${2:-5}
source bench/lib.sh

# Instructions of a few shapes and lengths, as a test set's would be.
awk -v n="$items" 'BEGIN { for (i = 0; i < n; ++i) {
  printf "{\"id\": \"s%d\", \"instruction\": \"Explain to reader %d how to plan a vegetable garden", i, i
  if (i % 3 == 0) printf " for a windy coastal plot, with the crops to choose and when to sow them"
  if (i % 5 == 0) printf ", and list the tools needed with what each costs"
  printf ".\", \"difficulty\": %d, \"skill\": \"planning\"}\n", 1 + i % 10 } }' >"$work/testset.jsonl"
{
  echo "seed: 18"
  echo "models:"
  for m in $(seq "$models"); do
    echo "  - {name: sim-m$m, quality: 0.$((m % 10)), verbosity: 1.0}"
  done
  echo "testset: {path: testset.jsonl}"
  echo "judge: {file: $PWD/judges/pairwise.yaml}"
} >"$work/plan.yaml"

/usr/bin/time -f "%e %M" -o "$work/time" "$evolbench_bin" run "$work/plan.yaml" --out "$work/out" --quiet >/dev/null
read -r seconds peak_kb <"$work/time"
store="$work/out/store.sqlite"
calls=$(sqlite3 "$store" "SELECT COUNT(*) FROM calls")
bytes=$(stat -c %s "$store")
echo "run of $items items x $models models: $calls calls in ${seconds} s, peak RSS $((peak_kb / 1024)) MB"
echo "store.sqlite: $bytes bytes, $((bytes / calls)) bytes per call"
echo "by table and index (bytes per call):"
sqlite3 "$store" "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC" |
  awk -F'|' -v calls="$calls" '{ printf "  %-28s %12d %8.0f\n", $1, $2, $2 / calls }'

/usr/bin/time -f "%e" -o "$work/rerun_time" "$evolbench_bin" run "$work/plan.yaml" --out "$work/out" --json \
  >"$work/rerun.json" 2>/dev/null
made=$(python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['run']['calls']['made'])" "$work/rerun.json")
echo "rerun: $made calls made in $(cat "$work/rerun_time") s"
[ "$made" = 0 ] || { echo "store_size.sh: FAIL: the rerun made $made calls" >&2; exit 1; }
