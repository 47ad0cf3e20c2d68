#!/usr/bin/env bash
# Judge repeats on the real path: two models and a judge that flips its verdicts with a
# known rate, all behind tools/sim-server, judged `judge: {repeats: K}`; prints the
# pair's repeat figures from results.json beside the truth: stability
# (1 - f)^K + f^K, and the widths of the one-level and two-level intervals.
#
#   bench/judge_repeats.sh [ITEMS [FLIP_RATE [REPEATS]]]   # default 400 0.2 3
#   BUILD=build bench/judge_repeats.sh
set -euo pipefail
cd "$(dirname "$0")/.."
items=${1:-400}
flip_rate=${2:-0.2}
repeats=${3:-3}
source bench/lib.sh

start_sim_server --seed 2 --model sim-strong:0.6 --model sim-weak:0.0 --judge-flip-rate "$flip_rate"
for i in $(seq 0 $((items - 1))); do
  echo "{\"id\": \"q$i\", \"instruction\": \"Question $i: what makes a bridge stand up?\", \"difficulty\": $((1 + i % 10))}"
done >"$work/testset.jsonl"
endpoint="{kind: openai, base_url: \"http://127.0.0.1:$port/v1\", max_in_flight: 32}"
cat >"$work/plan.yaml" <<YAML
seed: 4
models:
  - {name: sim-strong, endpoint: $endpoint}
  - {name: sim-weak, endpoint: $endpoint}
endpoints:
  sim-judge: $endpoint
testset: {path: testset.jsonl}
judge: {repeats: $repeats}
YAML
"$evolbench_bin" run "$work/plan.yaml" --out "$work/out" --quiet >/dev/null
python3 - "$work/out/results.json" "$flip_rate" "$repeats" <<'PY'
import json, sys
results, f, k = json.load(open(sys.argv[1])), float(sys.argv[2]), int(sys.argv[3])
pair = results["pairs"][0]
r = pair["repeats"]
width = lambda interval: interval[1] - interval[0]
print(f"{pair['model']} vs {pair['opponent']}: {r['repeats']} repeats, {r['games']} games")
print(f"stability {r['stability']:.3f} {r['stability_ci95']} (truth (1-f)^k + f^k = {(1 - f) ** k + f ** k:.3f})")
print(f"win rate, repeat 1 {pair['win_rate']:.3f} item bootstrap {pair['bootstrap_ci95']}")
print(f"win rate, all repeats {r['win_rate']:.3f}: one-level width {width(r['one_level_ci95']):.4f}, "
      f"two-level width {width(r['two_level_ci95']):.4f} (x{width(r['two_level_ci95']) / width(r['one_level_ci95']):.3f}), "
      f"judge noise sd {r['judge_noise_sd']:.4f}")
PY
