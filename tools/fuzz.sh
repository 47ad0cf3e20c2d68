#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang under ASan and UBSan (in
# build-fuzz/) and runs each for SECONDS, starting from its seeds in
# tests/fuzz/corpus/<target>/ plus what earlier runs found (build-fuzz/corpus/<target>/).
# Prints one line per target: "fuzz target NAME ok (N execs/s, cov C)" or the crash,
# its first report line and the input that caused it. Exit 1 when any target crashed.
# usage: tools/fuzz.sh [SECONDS]   (default 60)
set -euo pipefail
seconds=${1:-60}
cd "$(dirname "$0")/.."
source_dir=$PWD
build_dir=$source_dir/build-fuzz

if [ ! -f "$build_dir/build.ninja" ]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_CXX_FLAGS=-gline-tables-only -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=8 \
        -DEVOLBENCH_FUZZ=ON -DEVOLBENCH_TESTS=OFF -DEVOLBENCH_WERROR=ON >/dev/null
fi
cmake --build "$build_dir" --target fuzz_targets -j"${FUZZ_JOBS:-2}" >"$build_dir/fuzz-build.log" 2>&1 ||
  { tail -40 "$build_dir/fuzz-build.log"; echo "fuzz targets did not build"; exit 2; }

crashed=0
for binary in "$build_dir"/tests/fuzz/fuzz_*; do
  name=${binary##*/fuzz_}
  seeds=$source_dir/tests/fuzz/corpus/$name
  found=$build_dir/corpus/$name
  artifacts=$build_dir/crashes/$name
  mkdir -p "$found" "$artifacts"
  [ -d "$seeds" ] || { echo "fuzz target $name has no seeds in tests/fuzz/corpus/$name"; crashed=1; continue; }
  log=$build_dir/fuzz-$name.log
  if "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$artifacts/" "$found" "$seeds" >"$log" 2>&1; then
    execs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    echo "fuzz target $name ok (${execs:-?} execs/s, cov ${cov:-?})"
  else
    report=$(grep -m1 -E 'ERROR: (AddressSanitizer|libFuzzer|UndefinedBehaviorSanitizer)|runtime error:|terminate called|SUMMARY:' "$log" || tail -1 "$log")
    input=$(sed -n 's/.*Test unit written to //p' "$log" | tail -1)
    echo "fuzz target $name CRASHED: $report (input: ${input:-none}; log: $log)"
    crashed=1
  fi
done
exit "$crashed"
