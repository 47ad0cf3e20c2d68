// Figures read from the judge's games (each order of each item, as the judge answered
// it) rather than from the combined judgments: the score-pair and single judges'
// scores behind WizardLM capacity, and the soft win rates of log-probability judges.
//
// The soft win rate is AlpacaEval's (Li et al. 2023, the alpaca_eval repository, and
// AlpacaEval 2, Dubois et al. 2024: the judge's probability of preferring the model, read
// from the verdict token's log-probabilities, averaged over instructions). What evolbench does differently: the
// judge is asked in both orders and an item's soft preference is the mean of the two,
// so the position bias AlpacaEval leaves in (it shows each pair in one random order)
// cancels item by item.
#pragma once

#include <vector>

#include "core/records.h"
#include "stats/judge_diagnostics.h"
#include "stats/pair_table.h"
#include "stats/results.h"

namespace evolbench {

// Each judged item's two scores: the mean over its games of a score-pair judge's
// scores, or each answer's grade from a single judge. Items without scores keep none.
void attach_judge_scores(const std::vector<JudgeGame>& games, std::vector<JudgedItem>& judged);

// Sets each judged item's soft outcome (JudgedItem::soft) for model_a: the mean over
// its readable games of the game's preference (a log-probability judge's, or
// AlpacaEval's; the game's verdict, 1, 1/2 or 0, where the reply had none).
void attach_soft_preferences(const std::vector<JudgeGame>& games, std::vector<JudgedItem>& judged);

// A pair's soft win rate is the mean of its judged items' soft outcomes, with the normal
// 95% interval mean +- kZ95 * sd / sqrt(n) cut to [0, 1] (half-width 1/2 for one item).
// Sets pairs[].soft_win_rate and soft_ci95, and ranks the leaderboard by the mean soft
// win rate over opponents.
void add_soft_win_rates(const std::vector<JudgedItem>& judged, Results& results);

// The games as judge diagnostics read them.
std::vector<GameRecord> game_records(const std::vector<JudgeGame>& games);

}  // namespace evolbench
