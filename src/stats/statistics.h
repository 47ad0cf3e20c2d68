// Every figure `evolbench stats` reports, from judged items: per-pair tallies and
// strata, bootstrap intervals, sign tests with Holm adjustment, length-controlled win
// rates, difficulty effects, the leaderboard and Bradley-Terry ratings.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "stats/battle_table.h"
#include "stats/pair_table.h"
#include "stats/results.h"

namespace evolbench {

struct StatisticsOptions {
  int rounds = 1000;        // bootstrap rounds, for win rates and ratings
  std::uint64_t seed = 1;   // the bootstrap generator's seed: same seed, same output
  std::string anchor;       // the rating anchor; "" picks the first of `models` judged
};

// The parsed items as battles, models in the order of `models` (so the default anchor is
// the first judged); with `covariates` (style_feature_names()), each battle's style
// covariates from its answers' features.
BattleTable judged_battles(const std::vector<JudgedItem>& items, const std::vector<std::string>& models,
                           std::vector<std::string> covariates);

// Fills results.pairs, leaderboard, ratings, ratings_anchor and bootstrap_rounds
// from `items`, pairs in the order of results.models. Items with an unparsed outcome
// count only as `unparsed`. Items with a soft outcome (JudgedItem::soft) give it, not
// their verdict, to the item bootstrap (resampling items' soft shares), the sign test
// (each item on the side its preference leans to), the ratings and style control (soft
// battles) and the LC fit (fractional targets); the Wilson strata count verdicts. An Error when the ratings cannot be computed (unknown
// anchor, models that never met: see rate_models).
Status compute_statistics(const std::vector<JudgedItem>& items, const StatisticsOptions& options,
                          Results& results);

// Fills pairs[].repeats from a judge's judgments and games of every repeat (games
// judged more than once: stats/judge_repeats.h), for the pairs of results.pairs; leaves
// them unset when no judgment is of a repeat after the first. Draws from a stream of its
// own, so no other interval moves.
void add_repeat_figures(const std::vector<Judgment>& judgments, const std::vector<JudgeGame>& games,
                        const StatisticsOptions& options, Results& results);

}  // namespace evolbench
