#!/usr/bin/env bash
# Latency: how near evolbench comes to what the endpoints allow when every reply takes
# time. A sim-server waits an exponential delay (mean MEAN_MS, default 200) before each
# reply. Each row prints the calls made, the seconds taken, the bound the endpoints set
# and the efficiency (bound / seconds). The bound is Little's law, calls x latency /
# calls in flight allowed, or one item's or family's chain of calls made one after
# another when that is longer. The busiest endpoint's own Little's law is printed too:
# no order of work beats it.
#
# Every row checks that the outputs equal those of the same plan on the in-process
# simulated backend, byte for byte: over HTTP the replies arrive in another order, and
# nothing may depend on it. (The simulator reads a few long evolved instructions apart
# over HTTP and in process, so a handful of evolutions differ there whatever the
# build; the test sets agree.) With BASELINE=other-build-dir (a build of an earlier
# commit) each row is also run with that build's binary, on the same server, and its
# outputs compared with this build's.
#
#   bench/latency.sh [MEAN_MS]      BUILD=build-dir  BASELINE=build-dir
#                                   ROWS="answer evolve run": the rows to run
set -euo pipefail
cd "$(dirname "$0")/.."
mean_ms=${1:-200}
rows=" ${ROWS:-answer evolve run} "
source bench/lib.sh
binaries=("$evolbench_bin")
[ -n "${BASELINE:-}" ] && binaries+=("$BASELINE/evolbench")

# The server holds a request in a thread while it waits, so it needs a thread for
# every request the client may have in flight.
start_sim_server --seed 42 --threads 600 --latency-ms "$mean_ms"
endpoint() {  # MAX_IN_FLIGHT
  echo "{kind: openai, base_url: \"http://127.0.0.1:$port/v1\", max_in_flight: $1}"
}
# The sim-server's default models, in process.
sim_models="models:
  - {name: sim-strong, quality: 0.9, difficulty_slope: 0.4, verbosity: 1.0}
  - {name: sim-weak, quality: 0.0, difficulty_slope: -0.3, verbosity: 0.8}"

# A digest of what a run decided, in key order: its answers, judgments and evolutions,
# and the files named after the store.
digest() {  # DIR [FILE...]
  python3 - "$@" <<'PY'
import hashlib, sqlite3, sys
out, files = sys.argv[1], sys.argv[2:]
db = sqlite3.connect(f"{out}/store.sqlite")
digest = hashlib.sha256()
# Named columns: what every store version has, so builds of other versions compare.
for table, columns, order in (
        ("answers", "item_id, model, text, turn", "model, item_id, turn"),
        ("judgments", "item_id, model_a, model_b, judge, a_first, b_first, outcome, turn",
         "judge, model_a, model_b, item_id, turn"),
        ("evolutions", "*", "id")):
    for row in db.execute(f"SELECT {columns} FROM {table} ORDER BY {order}"):
        digest.update(repr(row).encode())
for name in files:
    digest.update(open(f"{out}/{name}", "rb").read())
print(digest.hexdigest()[:16])
PY
}

# Runs COMMAND PLAN into OUT with each binary and prints a row for each:
#   NAME CALLS SECONDS BOUND BUSIEST EFFICIENCY SAME
# IN_FLIGHT is "model:slots ..." for the endpoints; CHAIN is the calls one item or
# family makes one after another; FILES are outputs compared byte for byte.
measure() {  # NAME COMMAND DIR IN_FLIGHT CHAIN FILES...
  local name=$1 command=$2 dir=$3 in_flight=$4 chain=$5
  shift 5
  "$evolbench_bin" "$command" "$dir/sim.yaml" --out "$dir/sim" --quiet >/dev/null
  local expected
  expected=$(digest "$dir/sim" "$@")
  local n=0 first=""
  for binary in "${binaries[@]}"; do
    n=$((n + 1))
    local out="$dir/http$n" started ended
    started=$(date +%s.%N)
    "$binary" "$command" "$dir/plan.yaml" --out "$out" --quiet >/dev/null
    ended=$(date +%s.%N)
    local got same=NO
    got=$(digest "$out" "$@")
    [ "$got" = "$expected" ] && same=yes
    [ "$n" = 1 ] && first=$got
    [ "$n" = 2 ] && same="$same; same as this build: $([ "$got" = "$first" ] && echo yes || echo NO)"
    python3 - "$name$([ "$n" = 2 ] && echo " (baseline)")" "$out/store.sqlite" "$started" "$ended" \
        "$mean_ms" "$in_flight" "$chain" "$same" <<'PY'
import sqlite3, sys
name, store, started, ended, mean_ms, in_flight, chain, same = sys.argv[1:]
seconds = float(ended) - float(started)
latency = float(mean_ms) / 1000
slots = dict((m, int(k)) for m, k in (pair.split(":") for pair in in_flight.split()))
by_model = dict(sqlite3.connect(store).execute("SELECT model, COUNT(*) FROM calls GROUP BY model"))
calls = sum(by_model.values())
bound = max(calls * latency / sum(slots.values()), int(chain) * latency)
busiest = max(by_model.get(m, 0) * latency / k for m, k in slots.items())
print(f"{name:40s} {calls:7d} {seconds:8.1f} {bound:8.2f} {busiest:8.2f} {bound / seconds:10.2f}  {same}")
PY
  done
}

printf "%-40s %7s %8s %8s %8s %10s  %s\n" work calls seconds bound busiest efficiency "same as in-process"

# 1. answer: 4,000 items x 2 models, 128 in flight each.
if [[ $rows == *" answer "* ]]; then
dir="$work/answer"
mkdir -p "$dir"
write_answer_plan "$dir" 4000 q "Plan reader %d's week of meals on a small budget." "max_in_flight: 128"
echo "seed: 42" >>"$dir/plan.yaml"
printf '%s\ntestset: {path: testset.jsonl}\nseed: 42\n' "$sim_models" >"$dir/sim.yaml"
measure "answer 4000 items x 2 models" answer "$dir" "sim-strong:128 sim-weak:128" 1
fi

# 2. evolve: 500 seeds x 4 rounds, evolver, teacher, grader and equality judge on four
# endpoints of 64 in flight, with every elimination rule and then without the duplicate rule. A family's chain: 4 rounds of rewrite, equality, answer
# and grade.
if [[ $rows == *" evolve "* ]]; then
dir="$work/evolve"
mkdir -p "$dir"
python3 - 500 >"$dir/seeds.jsonl" <<'PY'
import json, sys
wanted = int(sys.argv[1])
texts = [json.loads(line) for name in ("testsets/seeds.jsonl", "testsets/evolbench-test.jsonl")
         for line in open(name) if line.strip()]
audiences = ["", "For a beginner: ", "For a busy professional: ", "For a curious teenager: "]
out = [{"id": f"s{len(out):05d}", "instruction": a + r["instruction"], "skill": r.get("skill", "")}
       for out in [[]] for a in audiences for r in texts][:0]
for audience in audiences:
    for record in texts:
        if len(out) < wanted:
            out.append({"id": f"s{len(out):05d}", "instruction": audience + record["instruction"],
                        "skill": record.get("skill", "")})
for record in out: print(json.dumps(record, ensure_ascii=False))
PY
evolve_plan="seed: 42
$sim_models
evolve: {seeds: seeds.jsonl, rounds: 4}"
echo "$evolve_plan" >"$dir/sim.yaml"
{
  echo "$evolve_plan"
  echo "endpoints:"
  for role in sim-evolver sim-teacher sim-grader sim-judge; do echo "  $role: $(endpoint 64)"; done
} >"$dir/plan.yaml"
measure "evolve 500 seeds x 4 rounds" evolve "$dir" "sim-evolver:64 sim-teacher:64 sim-grader:64 sim-judge:64" 16 \
  testset.jsonl
# The same without the duplicate rule: its index is read in (round, family) order, the
# one thing that makes a family wait for others' rewrites.
mkdir -p "$dir/independent"
cp "$dir/seeds.jsonl" "$dir/independent/"
for plan in sim plan; do
  sed 's/rounds: 4}/rounds: 4, elimination: {duplicates: false}}/' "$dir/$plan.yaml" >"$dir/independent/$plan.yaml"
done
measure "evolve, no duplicate rule" evolve "$dir/independent" \
  "sim-evolver:64 sim-teacher:64 sim-grader:64 sim-judge:64" 16 testset.jsonl
fi

# 3. run: 2,000 items answered by 2 models (128 in flight each), each pair judged in
# both orders by a judge of 256 in flight. An item's chain: its answer, then its game.
if [[ $rows == *" run "* ]]; then
dir="$work/run"
mkdir -p "$dir"
write_answer_plan "$dir" 2000 r "Suggest how reader %d could learn a second language in a year." "max_in_flight: 128"
{
  echo "seed: 42"
  echo "endpoints:"
  echo "  sim-judge: $(endpoint 256)"
} >>"$dir/plan.yaml"
printf '%s\ntestset: {path: testset.jsonl}\nseed: 42\n' "$sim_models" >"$dir/sim.yaml"
measure "run 2000 items x 2 models, then judged" run "$dir" "sim-strong:128 sim-weak:128 sim-judge:256" 2
fi
