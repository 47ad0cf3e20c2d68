#!/usr/bin/env bash
# The run store's write path for model calls: N calls, each with its answer, committed
# in groups of PER_COMMIT (about what the engine commits each 5 ms at 7,000 replies/s),
# as the store is and with the unique index on calls.key that schema version 1 had,
# three rounds side by side; then the first lookup of the reopened store, which reads
# every key into memory.
#
#   bench/store_calls.sh [N] [PER_COMMIT]   defaults 20000 and 37; builds into build-bench
#   BUILD_DIR=dir bench/store_calls.sh
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-$source_dir/build-bench}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DEVOLBENCH_BENCH=ON >/dev/null
ninja -C "$build_dir" store_calls >/dev/null
"$build_dir/bench/store_calls" "${1:-20000}" "${2:-37}" "$work"
