// MT-Bench's single-grade scores, by FastChat's rule.
#pragma once

#include <map>
#include <span>
#include <string>
#include <vector>

#include "imports/imported_judgments.h"
#include "stats/results.h"

namespace evolbench {

// One score per model of the single grades among `games` (pairwise games are left
// out), models in name order; a model with no readable grade has score 0 and n 0.
std::vector<ModelScore> mt_bench_scores(std::span<const ImportedGame> games);

}  // namespace evolbench
