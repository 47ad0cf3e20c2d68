#!/usr/bin/env bash
# Installs the build into a temporary prefix, moves the prefix elsewhere (so no path known
# at build time leads to it), and runs the installed evolbench from a third folder with
# EVOLBENCH_DATA_DIR unset: it must find its data beside itself, run the demo, and, with
# that data gone, fail naming where it looked, never falling back on the source folder.
# usage: install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build_dir=$1 source_dir=$2
unset EVOLBENCH_DATA_DIR

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

cmake --install "$build_dir" --prefix "$work/staged" >/dev/null
mv "$work/staged" "$work/moved"
prefix=$work/moved
mkdir "$work/elsewhere"
cd "$work/elsewhere"

for file in bin/evolbench bin/evolbench-sim-server share/bash-completion/completions/evolbench \
            share/evolbench/judges/pairwise.yaml \
            share/evolbench/templates/evol/deepen.txt share/evolbench/testsets/evolbench-test.jsonl; do
  [ -e "$prefix/$file" ] || fail "not installed: $file"
done

version=$("$prefix/bin/evolbench" --version)
echo "$version"
grep -qx "evolbench [0-9.]*\( (commit [0-9a-f]*)\)\?" <<<"$(head -1 <<<"$version")" || fail "version line: $version"
grep -qxF "data: $prefix/share/evolbench" <<<"$version" || fail "data not found under the prefix: $version"

# The installed bash completion completes subcommands, and a subcommand's flags from its --help.
completes() {  # completes WORD... : what the completion offers for the last word
  PATH="$prefix/bin:$PATH" bash -c \
    'source "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _evolbench; echo "${COMPREPLY[*]}"' \
    "$prefix/share/bash-completion/completions/evolbench" "$@"
}
offered=$(completes evolbench te)
[ "$offered" = testset ] || fail "completion of 'te': $offered"
offered=$(completes evolbench gate --bas)
[ "$offered" = --baseline ] || fail "completion of 'gate --bas': $offered"

"$prefix/bin/evolbench" demo --out demo-out --quiet >demo.txt || fail "demo exited $?: $(cat demo.txt)"
for file in results.json index.html; do
  [ -s "demo-out/$file" ] || fail "demo wrote no $file"
done

# Without its data the moved binary says where it looked, and the source folder is not a place.
rm -rf "$prefix/share"
if "$prefix/bin/evolbench" demo --out demo-without-data --quiet 2>error.txt; then
  fail "demo ran without its data"
fi
grep -qF "beside the binary $prefix/bin/evolbench" error.txt || fail "error does not name the binary's folder: $(cat error.txt)"
grep -qF '$EVOLBENCH_DATA_DIR: not set' error.txt || fail "error does not name EVOLBENCH_DATA_DIR: $(cat error.txt)"
if grep -qF "$source_dir" error.txt; then fail "an installed binary looked in the source folder: $(cat error.txt)"; fi

[ "$failures" -eq 0 ] && echo "installed evolbench ran from $prefix"
exit "$failures"
