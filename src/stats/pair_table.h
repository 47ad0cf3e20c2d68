// From judged items to per-pair tables and the leaderboard.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/records.h"
#include "stats/results.h"
#include "stats/style_features.h"

namespace evolbench {

// One judged item of a pair with what the statistics stratify and control by: the
// input of every pairwise figure. compute_results fills it from the run store.
struct JudgedItem {
  Judgment judgment;
  int difficulty = 0;  // 1..10; 0 when not scored
  std::string skill;   // "" when none
  StyleFeatures style_a;  // of model_a's answer (length in characters, markdown); zero when unknown
  StyleFeatures style_b;  // of model_b's answer
  std::optional<double> score_a;  // score-pair judges: the judge's score of each answer
  std::optional<double> score_b;
  // The item's soft outcome for model_a (results.json "outcomes": "soft"): the mean over
  // its games of a log-probability judge's or AlpacaEval's preference, 0..1; none when the
  // judge gives verdicts only.
  std::optional<double> soft;
};

// Tallies every judged pair in both directions (model vs opponent and back), overall,
// per difficulty bucket, per difficulty level (items with difficulty 0 count only
// overall) and per skill. Pairs come in the order of `models`. Intervals are Wilson.
std::vector<PairResult> tabulate_pairs(const std::vector<JudgedItem>& items,
                                       const std::vector<std::string>& models);

// Models by mean win rate over their opponents, best first; ties broken by name.
std::vector<LeaderboardRow> rank_models(const std::vector<PairResult>& pairs,
                                        const std::vector<std::string>& models);

}  // namespace evolbench
