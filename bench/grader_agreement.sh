#!/usr/bin/env bash
# `evolbench testset score` on a labelled test set through tools/sim-server, and how
# the grader's levels agree with the file's own labels: exact share, share within one
# level, and Spearman's rank correlation. With the simulated grader (levels from
# instruction length) this tests nothing about an LLM grader; it shows the path works.
#
#   bench/grader_agreement.sh [WIZARDLM_TESTSET.jsonl]   # default ../shared/data's
#   BUILD=build bench/grader_agreement.sh
set -euo pipefail
cd "$(dirname "$0")/.."
labelled=${1:-../shared/data/wizardlm_testset.jsonl}
source bench/lib.sh

"$evolbench_bin" testset import --format wizardlm "$labelled" --out "$work/labelled.jsonl"
start_sim_server --seed 1
cat >"$work/grader.yaml" <<YAML
endpoints:
  sim-grader: {kind: openai, base_url: "http://127.0.0.1:$port/v1", max_in_flight: 16}
YAML
"$evolbench_bin" testset score "$work/labelled.jsonl" --out "$work/scored.jsonl" --plan "$work/grader.yaml" --quiet
python3 bench/grader_agreement.py "$work/labelled.jsonl" "$work/scored.jsonl"
