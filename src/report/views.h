// What the report's tables and charts show, derived from Results once so the HTML,
// CSV and Markdown outputs agree.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "stats/results.h"

namespace evolbench {

// One leaderboard row. Pointers point into the Results it came from.
struct LeaderboardEntry {
  std::string model;
  const Rating* rating = nullptr;          // null when the run has no ratings
  const Rating* style_controlled = nullptr;  // null when the run has no style control
  const PairResult* vs_anchor = nullptr;   // the pair (model, anchor); null for the anchor
  double mean_win_rate = 0.0;              // over all opponents
  int n = 0;                               // judged items over all opponents
  int unparsed = 0;                        // items with unreadable verdicts, all opponents
};

// What the style-control coefficients say, in a sentence ("" without style control):
// each feature's coefficient with its interval, in logits per unit of the feature.
std::string style_control_note(const Results& results);

// Best first: by rating when the run has ratings, else by mean win rate.
std::vector<LeaderboardEntry> leaderboard_entries(const Results& results);

// Each model's tallies against all its opponents pooled, per stratum, with Wilson
// intervals (one item counts once per opponent).
struct PooledStrata {
  std::map<int, Stratum> by_difficulty;
  std::map<std::string, Stratum> by_bucket;
  std::map<std::string, Stratum> by_skill;
  std::map<int, Stratum> by_turn;
};
std::map<std::string, PooledStrata> pooled_strata(const Results& results);

// Why the difficulty charts are empty or leave items out, and how to fix it; "" when
// every item of the test set has a difficulty level.
std::string difficulty_labels_note(const Results& results);

// Which instruction term the LC win rates against the anchor used and what their
// interval is; for an AlpacaEval import, why LC differs from AlpacaEval's published
// one. "" when no pair against the anchor has LC.
std::string length_control_note(const Results& results);

}  // namespace evolbench
