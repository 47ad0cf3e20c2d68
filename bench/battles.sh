#!/usr/bin/env bash
# Times `evolbench stats --battles` end to end on a Chatbot Arena-sized dump, 1.7
# million battles among 129 models (one fit plus 1,000 bootstrap rounds; target under
# 5 s), written as JSONL and as CSV with the same rows, in a Release build.
#
#   bench/battles.sh                     # builds into build-battles
#   BUILD_DIR=build-x RUNS=5 BATTLES=200000 MODELS=20 bench/battles.sh
set -euo pipefail

source_dir=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-$source_dir/build-battles}
runs=${RUNS:-3}
battles=${BATTLES:-1700000}
models=${MODELS:-129}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DEVOLBENCH_BENCH=ON \
  -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=8 \
  -DEVOLBENCH_TESTS=OFF >/dev/null
nice -n 10 ninja -C "$build_dir" evolbench make_battles >/dev/null

for format in jsonl csv; do
  "$build_dir/bench/make_battles" "$battles" "$models" 1 "$work/battles.$format"
done
echo "arena: $battles battles among $models models;" \
  "JSONL $(du -h "$work/battles.jsonl" | cut -f1), CSV $(du -h "$work/battles.csv" | cut -f1)"

# Wall-clock microseconds of one end-to-end run (process start, read, fit, ROUNDS rounds,
# JSON out); its peak resident memory in kB goes to $work/rss.
run_once() {  # FILE ROUNDS
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f %M -o "$work/rss" "$build_dir/evolbench" stats --battles "$1" --rounds "$2" --json \
    >"$work/ratings.json" || return 1
  end=$(date +%s%N)
  echo $(((end - start) / 1000))
}

seconds() { echo "$1 / 1000000" | bc -l; }

echo "stats --battles FILE --rounds 1000 (target < 5 s), $runs runs each, on $(nproc) CPUs:"
for format in jsonl csv; do
  times=()
  for _ in $(seq "$runs"); do times+=("$(run_once "$work/battles.$format" 1000)"); done
  peak=$(($(cat "$work/rss") / 1024))
  cp "$work/ratings.json" "$work/ratings.$format.json"
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  best=$(echo "$sorted" | head -1)
  median=$(echo "$sorted" | sed -n "$(((runs + 1) / 2))p")
  read_and_fit=$(run_once "$work/battles.$format" 1)
  printf '  %-5s best %.2f s, median %.2f s, peak %d MB; reading and one fit alone (--rounds 1) %.2f s\n' \
    "$format" "$(seconds "$best")" "$(seconds "$median")" "$peak" "$(seconds "$read_and_fit")"
done
if cmp -s "$work/ratings.jsonl.json" "$work/ratings.csv.json"; then
  echo "ratings: the same from both files"
else
  echo "ratings: the two files rate differently" >&2
  exit 1
fi
