#!/usr/bin/env bash
# The official `openai` npm client against evolbench on the same zero-latency
# sim-server, both with the same requests in flight: requests/s, CPU microseconds per
# request and peak RSS of each, and the ratio. The client is installed with npm into a
# temporary folder (or OPENAI_NODE_DIR, where `npm install openai` already ran).
#
#   bench/http_vs_openai_node.sh [N] [IN_FLIGHT]   N requests (default 20000), in flight (default 64)
#   BUILD=build-dir OPENAI_NODE_DIR=dir bench/http_vs_openai_node.sh
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-20000}
requests=$((requests / 2 * 2))
in_flight=${2:-64}
source bench/lib.sh

node_dir=${OPENAI_NODE_DIR:-}
if [ -z "$node_dir" ]; then
  node_dir="$work/openai-node"
  mkdir -p "$node_dir"
  (cd "$node_dir" && npm init -y >/dev/null && npm install openai@6 --no-audit --no-fund >/dev/null 2>&1)
fi
client_version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$node_dir/node_modules/openai/package.json")

start_sim_server --threads "$((in_flight + 8))"
base_url="http://127.0.0.1:$port/v1"

/usr/bin/time -f "%U %S %M" -o "$work/node.time" \
  "${client_cpu[@]}" env OPENAI_NODE_DIR="$node_dir" node bench/openai_node_client.cjs "$base_url" "$requests" "$in_flight" \
  >"$work/node.out"
read -r _ node_seconds node_failures <"$work/node.out"
read -r node_rate node_cpu node_rss <<<"$(figures "$requests" "$node_seconds" "$(cat "$work/node.time")")"

# Two models answer every item (other questions than the client's: the store is new
# either way, and each request is a distinct one).
write_answer_plan "$work" "$((requests / 2))" n \
  "Describe how evolbench reader %d should plan a vegetable garden for a windy coastal plot." \
  "max_in_flight: $((in_flight / 2))"
started=$(date +%s.%N)
/usr/bin/time -f "%U %S %M" -o "$work/evolbench.time" \
  "${client_cpu[@]}" "$evolbench_bin" answer "$work/plan.yaml" --out "$work/out" --quiet >/dev/null
finished=$(date +%s.%N)
seconds=$(awk -v a="$started" -v b="$finished" 'BEGIN { print b - a }')
read -r ev_rate ev_cpu ev_rss <<<"$(figures "$requests" "$seconds" "$(cat "$work/evolbench.time")")"

echo "$cpus"
printf "%-34s %12s %16s %14s\n" "client ($in_flight in flight, $requests requests)" "requests/s" "CPU us/request" "peak RSS MB"
printf "%-34s %12s %16s %14s\n" "openai npm $client_version (node $(node --version))" "$node_rate" "$node_cpu" "$node_rss"
printf "%-34s %12s %16s %14s\n" "evolbench answer" "$ev_rate" "$ev_cpu" "$ev_rss"
echo "openai npm failures: $node_failures"
awk -v a="$ev_rate" -v b="$node_rate" 'BEGIN { printf "evolbench / openai npm: %.1f\n", a / b }'
