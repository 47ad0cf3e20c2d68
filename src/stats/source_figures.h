// Other benchmarks' own headline figures, computed their way, so a report can show the
// number a user knows beside evolbench's.
//
// AlpacaEval (alpaca_eval's metrics on annotations): with p = preference - 1 over the
// readable preferences, soft win rate = mean(p), its standard error = sd(p, ddof 1) /
// sqrt(n), wins p > 0.5, ties p = 0.5, losses p < 0.5, and the discrete win rate
// (wins + ties / 2) / n. AlpacaEval prints them x 100; here they are fractions.
//
// Arena-Hard (show_result.py): a Bradley-Terry fit by plain maximum likelihood (its
// unpenalised logistic regression; ties half a win each way) of battle rows, the score
// of a model being its predicted win rate against the baseline, and the interval the
// 2.5 and 97.5 percentiles of its rating over bootstrap rounds that redraw the battle
// rows with replacement, turned into win rates against the baseline.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "stats/battle_table.h"
#include "stats/bootstrap.h"
#include "stats/win_rate.h"

namespace evolbench {

struct AlpacaEvalFigures {
  int n = 0;                         // readable preferences
  double soft_win_rate = 0.0;        // AlpacaEval's win_rate / 100
  double soft_standard_error = 0.0;  // its standard_error / 100; 0 when n < 2
  int wins = 0;                      // n_wins: the model (output_2) preferred
  int ties = 0;                      // n_draws
  int losses = 0;                    // n_wins_base
  double win_rate = 0.0;             // discrete_win_rate / 100
  bool operator==(const AlpacaEvalFigures&) const = default;
};

// `preferences` are AlpacaEval preferences in [1, 2], unreadable ones already left out.
AlpacaEvalFigures alpacaeval_figures(std::span<const double> preferences);

inline constexpr int kArenaHardBootstrapRounds = 100;  // show_result.py's default

struct ArenaHardScore {
  std::string model;
  double score = 0.5;  // predicted win rate against the baseline (0.5 for the baseline)
  Interval ci95;       // bootstrap percentiles as win rates against the baseline
  bool operator==(const ArenaHardScore&) const = default;
};

// Scores of every model in `battles`, best first. Rounds draw from `rng` (the caller
// seeds it; evolbench uses the run's statistics seed), so the same seed gives the same
// intervals; Arena-Hard's own draws come from numpy and cannot be reproduced here.
// Errors as rate_models: no battles, `baseline` absent, models that never met, and a
// model that never won or never lost (plain maximum likelihood has no finite rating).
Result<std::vector<ArenaHardScore>> arena_hard_scores(const BattleTable& battles, const std::string& baseline,
                                                      int rounds, Rng& rng);

}  // namespace evolbench
