// WizardLM capacity (Xu et al. 2023, arXiv 2304.12244, section 4): with a judge that
// scores both answers of an item, a model's capacity relative to a reference model is
// the sum of its scores over the sum of the reference's scores, overall, per skill and
// per difficulty level. 1.0 means on a par; WizardLM reports e.g. 0.97 as "97% of
// ChatGPT's capacity".
//
// What evolbench adds: the paper gives the ratio alone; here each ratio has a
// bootstrap interval over items (both scores of an item drawn together), and the
// strata say how many items each ratio stands on.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "stats/bootstrap.h"
#include "stats/win_rate.h"

namespace evolbench {

// One item judged by a score-pair judge: both scores from the same judgment.
struct ScoredPair {
  int difficulty = 0;        // 1..10; 0 when not scored (counts only overall)
  std::string skill;         // "" when none
  double model_score = 0.0;
  double reference_score = 0.0;
};

struct CapacityRatio {
  int n = 0;                  // items
  double model_total = 0.0;
  double reference_total = 0.0;
  double ratio = 0.0;         // model_total / reference_total
  Interval ci95;              // bootstrap percentile, items resampled
  bool operator==(const CapacityRatio&) const = default;
};

struct Capacity {
  std::string model;
  std::string reference;
  CapacityRatio overall;
  std::map<std::string, CapacityRatio> by_skill;
  std::map<int, CapacityRatio> by_difficulty;
  bool operator==(const Capacity&) const = default;
};

// The capacity ratio of `items` with a `rounds`-round bootstrap over items (each
// round draws items with replacement and takes the ratio of the sums). Rounds 0
// gives the interval [ratio, ratio]. Nothing when there is no item or the
// reference's total is not positive (the ratio is undefined).
std::optional<CapacityRatio> capacity_ratio(const std::vector<ScoredPair>& items, int rounds, Rng& rng);

// `model`'s capacity relative to `reference` over `items`, overall and per stratum.
// Strata where the ratio is undefined are left out; an undefined overall ratio leaves
// `overall` at its defaults (n 0). The same seed gives the same intervals.
Capacity wizardlm_capacity(const std::string& model, const std::string& reference,
                           const std::vector<ScoredPair>& items, int rounds, Rng& rng);

}  // namespace evolbench
