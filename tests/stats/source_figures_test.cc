#include "stats/source_figures.h"

#include <cmath>

#include <gtest/gtest.h>

namespace evolbench {
namespace {

// p = 0, 0.5, 1, 0.75: mean 0.5625; squared deviations sum to 0.546875, so the
// standard error is sqrt(0.546875 / 3) / sqrt(4).
TEST(AlpacaEvalFigures, HandComputedFromFourPreferences) {
  const std::vector<double> preferences = {1.0, 1.5, 2.0, 1.75};
  const AlpacaEvalFigures figures = alpacaeval_figures(preferences);
  EXPECT_EQ(figures.n, 4);
  EXPECT_DOUBLE_EQ(figures.soft_win_rate, 0.5625);
  EXPECT_NEAR(figures.soft_standard_error, std::sqrt(0.546875 / 3) / 2, 1e-15);
  EXPECT_EQ(figures.wins, 2);
  EXPECT_EQ(figures.ties, 1);
  EXPECT_EQ(figures.losses, 1);
  EXPECT_DOUBLE_EQ(figures.win_rate, 2.5 / 4);
}

TEST(AlpacaEvalFigures, OnePreferenceHasNoStandardErrorAndNoneHasNoFigures) {
  const std::vector<double> one = {1.25};
  EXPECT_EQ(alpacaeval_figures(one).soft_standard_error, 0.0);
  EXPECT_DOUBLE_EQ(alpacaeval_figures(one).soft_win_rate, 0.25);
  EXPECT_EQ(alpacaeval_figures({}), AlpacaEvalFigures{});
}

BattleTable two_model_table(int wins_x, int wins_y, int ties) {
  BattleTable table;
  const int x = table.model_index("x"), y = table.model_index("y");
  table.add(x, y, BattleWinner::kModelA, wins_x);
  table.add(x, y, BattleWinner::kModelB, wins_y);
  table.add(x, y, BattleWinner::kTie, ties);
  return table;
}

// y won 1 and tied 2 of 6 against the baseline x: (1 + 2 / 2) / 6.
TEST(ArenaHardScores, TwoModelsScoreTheirShareOfBattlesWithTiesAsHalf) {
  Rng rng(1);
  auto scores = arena_hard_scores(two_model_table(3, 1, 2), "x", 0, rng);
  ASSERT_TRUE(scores.ok()) << scores.error().message;
  ASSERT_EQ(scores->size(), 2u);
  EXPECT_EQ(scores->back().model, "y");
  EXPECT_NEAR(scores->back().score, 2.0 / 6, 1e-9);
  EXPECT_NEAR(scores->back().ci95.low, 2.0 / 6, 1e-9);  // no rounds: a zero-width interval
  EXPECT_NEAR(scores->front().score, 0.5, 1e-12);
}

TEST(ArenaHardScores, IntervalHoldsTheScoreAndTheSameSeedGivesTheSameOne) {
  Rng first(3), second(3);
  auto once = arena_hard_scores(two_model_table(300, 100, 200), "x", 100, first);
  auto again = arena_hard_scores(two_model_table(300, 100, 200), "x", 100, second);
  ASSERT_TRUE(once.ok()) << once.error().message;
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*once, *again);
  const ArenaHardScore& y = once->back();
  EXPECT_LT(y.ci95.low, y.score);
  EXPECT_GT(y.ci95.high, y.score);
}

TEST(ArenaHardScores, UnknownBaselineIsAnError) {
  Rng rng(1);
  auto scores = arena_hard_scores(two_model_table(3, 1, 2), "z", 0, rng);
  ASSERT_FALSE(scores.ok());
  EXPECT_EQ(scores.error().message, "baseline 'z' has no battles");
}

}  // namespace
}  // namespace evolbench
