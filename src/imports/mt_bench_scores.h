// MT-Bench's single-grade scores, by FastChat's rule.
#pragma once

#include <map>
#include <span>
#include <string>
#include <vector>

#include "imports/imported_judgments.h"

namespace evolbench {

struct MtBenchScore {
  std::string model;
  double score = 0.0;           // mean of the readable grades, both turns pooled
  std::map<int, double> by_turn;  // turn -> mean of its readable grades (turns with any)
  int n = 0;                    // readable grades
  int unparsed = 0;             // grades of -1, left out of every mean
  bool operator==(const MtBenchScore&) const = default;
};

// One score per model of the single grades among `games` (pairwise games are left
// out), models in name order; a model with no readable grade has score 0 and n 0.
std::vector<MtBenchScore> mt_bench_scores(std::span<const ImportedGame> games);

}  // namespace evolbench
