# Shared by the benchmarks that drive tools/sim-server: the binaries, a scratch
# folder removed on exit (with the server stopped), starting the server, and the
# figures line. Source it from the repository root; BUILD=dir names the build.
bench_name=$(basename "$0")
build=${BUILD:-build}
server_bin="$build/tools/sim-server/evolbench-sim-server"
evolbench_bin="$build/evolbench"
for binary in "$server_bin" "$evolbench_bin"; do
  [ -x "$binary" ] || { echo "$bench_name: $binary not built (set BUILD=...)" >&2; exit 2; }
done

# With two or more CPUs the server runs on CPU 0 and the measured client on CPU 1, as
# on separate machines: a client that does real work (parsing, storing) then takes no
# CPU from the server, and the no-op ceiling is what the server itself can serve.
# PIN=0 lets both share every CPU.
if [ "${PIN:-1}" != 0 ] && [ "$(nproc)" -ge 2 ]; then
  server_cpu=(taskset -c 0)
  client_cpu=(taskset -c 1)
  cpus="server on CPU 0, client on CPU 1"
else
  server_cpu=()
  client_cpu=()
  cpus="server and client share all $(nproc) CPUs"
fi

# Installs the Debian package that provides COMMAND when COMMAND is missing.
ensure_command() {  # COMMAND [PACKAGE]
  command -v "$1" >/dev/null && return
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${2:-$1}" >/dev/null
}

work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "${KEEP:-}" ] && cp -r "$work" "$KEEP"  # KEEP=dir keeps the scratch folder there

  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# Starts the sim-server on a free 127.0.0.1 port with the given flags; sets $port.
start_sim_server() {
  "${server_cpu[@]}" "$server_bin" --port 0 "$@" >"$work/server.out" &
  server_pid=$!
  for _ in $(seq 50); do
    grep -q listening "$work/server.out" 2>/dev/null && break
    sleep 0.1
  done
  port=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$work/server.out")
  [ -n "$port" ] || { echo "$bench_name: sim-server did not start" >&2; exit 3; }
}

# Prints "requests/s cpu_us_per_request peak_rss_mb" from the request count, wall
# seconds and /usr/bin/time's "%U %S %M".
figures() {
  awk -v n="$1" -v s="$2" -v t="$3" 'BEGIN {
    split(t, f, " "); printf "%.0f %.1f %.1f", n / s, (f[1] + f[2]) * 1e6 / n, f[3] / 1024 }'
}

# Writes DIR/testset.jsonl, ITEMS items with ids PREFIX0, PREFIX1, ... and the
# instruction TEXT (its %d becomes the item number), and DIR/plan.yaml in which the
# simulated MODELS (default: sim-strong sim-weak; the server must serve them) answer
# it through the sim-server with the extra endpoint FIELDS.
write_answer_plan() {  # DIR ITEMS PREFIX TEXT FIELDS [MODELS]
  local dir=$1 items=$2 prefix=$3 text=$4 fields=$5 models=${6:-sim-strong sim-weak}
  awk -v n="$items" -v p="$prefix" -v t="$text" 'BEGIN { for (i = 0; i < n; ++i) {
    printf "{\"id\": \"%s%d\", \"instruction\": \"", p, i; printf t, i
    printf "\", \"difficulty\": %d, \"skill\": \"planning\"}\n", 1 + i % 10 } }' >"$dir/testset.jsonl"
  local endpoint="{kind: openai, base_url: \"http://127.0.0.1:$port/v1\", $fields}"
  {
    echo "models:"
    for model in $models; do echo "  - {name: $model, endpoint: $endpoint}"; done
    echo "testset: {path: testset.jsonl}"
  } >"$dir/plan.yaml"
}
