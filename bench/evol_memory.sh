#!/usr/bin/env bash
# Memory and time of `evolve` at scale on the simulated backend: SEEDS generated seed
# instructions (distinct word sequences over the shipped test sets' vocabulary) for
# ROUNDS rounds, with peak RSS from /usr/bin/time, the pool's size and the store's,
# and the pool's hash (to compare builds).
#
#   bench/evol_memory.sh [SEEDS] [ROUNDS]   defaults 250000 and 4
#   BUILD=build-dir bench/evol_memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-250000}
rounds=${2:-4}
source bench/lib.sh

python3 - "$seeds" >"$work/seeds.jsonl" <<'PY'
import json, random, re, sys
wanted = int(sys.argv[1])
words = sorted({w.lower() for name in ("testsets/seeds.jsonl", "testsets/evolbench-test.jsonl")
                for line in open(name) if line.strip()
                for w in re.findall(r"[A-Za-z]+", json.loads(line)["instruction"])})
openings = ["Explain", "Describe", "Write", "Compare", "Summarise", "List", "Plan", "Design"]
generator = random.Random(18)
for i in range(wanted):
    text = " ".join(generator.choice(words) for _ in range(generator.randint(8, 24)))
    print(json.dumps({"id": f"s{i:06d}", "instruction": f"{generator.choice(openings)} {text}."}))
PY
cat >"$work/plan.yaml" <<YAML
seed: 42
models:
  - {name: sim-strong, quality: 0.9}
  - {name: sim-weak, quality: -0.4}
evolve: {seeds: seeds.jsonl, rounds: $rounds}
YAML

/usr/bin/time -v "$evolbench_bin" evolve "$work/plan.yaml" --out "$work/out" --quiet >/dev/null 2>"$work/time"
seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ {
  n = split($2, t, ":"); s = 0; for (i = 1; i <= n; ++i) s = s * 60 + t[i]; print s }' "$work/time")
peak_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time")
members=$(wc -l <"$work/out/pool.jsonl")
echo "evolve of $seeds seeds x $rounds rounds: ${seconds} s, peak RSS $((peak_kb / 1024)) MB," \
  "$members pool members, store $(($(stat -c %s "$work/out/store.sqlite") / 1048576)) MB"
# Builds that find the same duplicates write the same pool.
echo "pool.jsonl sha256 $(sha256sum <"$work/out/pool.jsonl" | cut -c1-16)"
