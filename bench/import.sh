#!/usr/bin/env bash
# Times `evolbench import --format alpacaeval` on many models' annotation files (the
# issue's target: 50 files, 40,000 judgments, report written, under 10 s). The files are
# made from one real annotations file, each under its own generator_2 name.
#
#   bench/import.sh [ANNOTATIONS.json] [FILES]     # default: ../shared/data's, 50
#   BUILD=build bench/import.sh
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
annotations=${1:-../shared/data/alpacaeval/alpaca-7b.annotations.json}
files=${2:-50}
[ -x "$build/evolbench" ] || { echo "import.sh: $build/evolbench not built (set BUILD=...)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$annotations" "$files" "$work" <<'PY'
import json, sys
source, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
records = json.load(open(source))
for n in range(count):
    for record in records:
        record["generator_2"] = f"model-{n:02d}"
    json.dump(records, open(f"{out}/model-{n:02d}.json", "w"))
print(f"import.sh: {count} files of {len(records)} judgments each ({count * len(records)} in all)")
PY

start=$(date +%s.%N)
"$build/evolbench" import --format alpacaeval "$work"/model-*.json --out "$work/run" >/dev/null
end=$(date +%s.%N)
echo "import.sh: import and report took $(python3 -c "print(f'{$end - $start:.2f}')") s" \
     "($(du -h "$work/run/store.sqlite" | cut -f1) store, $(du -h "$work/run/index.html" | cut -f1) index.html)"
