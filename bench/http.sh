#!/usr/bin/env bash
# HTTP throughput: a zero-latency sim-server, then on that same server (1) wrk, a
# no-op client, for the ceiling, and (2) `evolbench answer` answering N items (HTTP,
# JSON parse, store write), both with the same number of connections in flight.
# Prints requests/s, CPU microseconds per request and peak RSS of each, and the ratio.
#
#   bench/http.sh [N] [IN_FLIGHT]      N items (default 20000), in flight (default 64)
#   BUILD=build-dir bench/http.sh      where evolbench and the sim-server were built
set -euo pipefail
cd "$(dirname "$0")/.."
items=${1:-20000}  # rounded down to an even number
in_flight=${2:-64}
source bench/lib.sh
ensure_command wrk

start_sim_server --threads "$((in_flight + 8))"
url="http://127.0.0.1:$port/v1/chat/completions"

# The same kind of request evolbench sends: one user message to an answer model, with
# an Idempotency-Key of its own (the server keeps a record of each key it answers).
cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
local n = 0
request = function()
  n = n + 1
  local headers = { ["Content-Type"] = "application/json", ["Idempotency-Key"] = "wrk-" .. id .. "-" .. n }
  return wrk.format(nil, nil, headers, '{"model":"sim-strong","max_tokens":2048,"temperature":0.7,' ..
    '"messages":[{"role":"user","content":"Describe how reader ' .. n ..
    ' should plan a vegetable garden for a windy coastal plot."}]}')
end
LUA

threads=2
/usr/bin/time -f "%U %S %M" -o "$work/wrk.time" \
  "${client_cpu[@]}" wrk -t"$threads" -c"$in_flight" -d10s -s "$work/post.lua" "$url" >"$work/wrk.out"
wrk_requests=$(awk '/requests in/ {print $1}' "$work/wrk.out")
wrk_seconds=$(awk '/requests in/ {sub(/s,$/, "", $4); print $4}' "$work/wrk.out")
read -r wrk_rate wrk_cpu wrk_rss <<<"$(figures "$wrk_requests" "$wrk_seconds" "$(cat "$work/wrk.time")")"

# A plan needs two models: each answers half the items over HTTP, half the
# connections each, so evolbench makes $items requests with $in_flight in flight.
write_answer_plan "$work" "$((items / 2))" b "Describe how reader %d should plan a vegetable garden for a windy coastal plot." \
  "max_in_flight: $((in_flight / 2))"
started=$(date +%s.%N)
/usr/bin/time -f "%U %S %M" -o "$work/evolbench.time" \
  "${client_cpu[@]}" "$evolbench_bin" answer "$work/plan.yaml" --out "$work/out" --quiet >/dev/null
finished=$(date +%s.%N)
seconds=$(awk -v a="$started" -v b="$finished" 'BEGIN { print b - a }')
items=$((items / 2 * 2))
read -r ev_rate ev_cpu ev_rss <<<"$(figures "$items" "$seconds" "$(cat "$work/evolbench.time")")"

echo "$cpus"
printf "%-28s %12s %16s %14s\n" "client ($in_flight in flight)" "requests/s" "CPU us/request" "peak RSS MB"
printf "%-28s %12s %16s %14s\n" "wrk (no-op ceiling)" "$wrk_rate" "$wrk_cpu" "$wrk_rss"
printf "%-28s %12s %16s %14s\n" "evolbench answer, $items items" "$ev_rate" "$ev_cpu" "$ev_rss"
awk -v a="$ev_rate" -v b="$wrk_rate" 'BEGIN { printf "evolbench / wrk: %.2f\n", a / b }'
