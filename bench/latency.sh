#!/usr/bin/env bash
# Latency: how near evolbench comes to what the endpoints allow when every reply takes
# time. A sim-server waits an exponential delay (mean MEAN_MS, default 200) before each
# reply. Each row prints the calls made, the seconds taken, the bound the endpoints set
# and the efficiency (bound / seconds). The bound is Little's law, calls x latency /
# calls in flight allowed, or a conversation's or family's chain of calls one after
# another when that is longer; the busiest endpoint's own Little's law is printed too,
# since no order of work beats it. Every row then checks that the outputs equal those
# of the same plan on the in-process simulated backend, byte for byte: the replies
# arrive in another order over HTTP, and nothing may depend on it.
#
#   bench/latency.sh [MEAN_MS]      BUILD=build-dir: where things were built
set -euo pipefail
cd "$(dirname "$0")/.."
mean_ms=${1:-200}
source bench/lib.sh

# The server holds a request in a thread while it waits, so it needs a thread for
# every request the client may have in flight.
start_sim_server --seed 42 --threads 600 --latency-ms "$mean_ms"
base_url="http://127.0.0.1:$port/v1"
endpoint() {  # MAX_IN_FLIGHT
  echo "{kind: openai, base_url: \"$base_url\", max_in_flight: $1}"
}

# Seconds COMMAND... takes, to one decimal.
seconds_of() {
  local started ended
  started=$(date +%s.%N)
  "$@" >/dev/null
  ended=$(date +%s.%N)
  python3 -c "print(f'{$ended - $started:.1f}')"
}

# A digest of the store's results, in key order: what a run decided, not when.
results_digest() {  # STORE
  python3 - "$1" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
digest = hashlib.sha256()
for table, order in (("answers", "model, item_id, turn"),
                     ("judgments", "judge, model_a, model_b, item_id, turn"),
                     ("evolutions", "id")):
    for row in db.execute(f"SELECT * FROM {table} ORDER BY {order}"):
        digest.update(repr(row).encode())
print(digest.hexdigest()[:16])
PY
}

calls_in() {  # STORE: calls made (cached calls are the store's rows)
  python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM calls').fetchone()[0])" "$1"
}

printf "%-34s %7s %8s %8s %10s %11s %s\n" work calls seconds bound efficiency "busiest" "same as in-process"
row() {  # NAME CALLS SECONDS BOUND BUSIEST SAME
  python3 -c "import sys; n, c, s, b, e, same = sys.argv[1:]; print(f'{n:34s} {int(c):7d} {float(s):8.1f} {float(b):8.2f} {float(b) / float(s):10.2f} {float(e):10.2f}s {same}')" "$@"
}

# 1. answer: 4,000 items x 2 models, 128 in flight each.
items=4000
mkdir -p "$work/answer"
write_answer_plan "$work/answer" "$items" q "Plan reader %d's week of meals on a small budget." "max_in_flight: 128"
# The same models in process, as the sim-server's defaults make them.
sim_models="models:
  - {name: sim-strong, quality: 0.9, difficulty_slope: 0.4, verbosity: 1.0}
  - {name: sim-weak, quality: 0.0, difficulty_slope: -0.3, verbosity: 0.8}"
printf '%s\ntestset: {path: testset.jsonl}\nseed: 42\n' "$sim_models" >"$work/answer/sim.yaml"
echo "seed: 42" >>"$work/answer/plan.yaml"
seconds=$(seconds_of "$evolbench_bin" answer "$work/answer/plan.yaml" --out "$work/answer/http" --quiet)
"$evolbench_bin" answer "$work/answer/sim.yaml" --out "$work/answer/sim" --quiet >/dev/null
calls=$(calls_in "$work/answer/http/store.sqlite")
same=$([ "$(results_digest "$work/answer/http/store.sqlite")" = "$(results_digest "$work/answer/sim/store.sqlite")" ] && echo yes || echo NO)
bound=$(python3 -c "print($calls * $mean_ms / 1000 / 256)")
row "answer ${items} items x 2 models" "$calls" "$seconds" "$bound" "$(python3 -c "print($calls / 2 * $mean_ms / 1000 / 128)")" "$same"
