// Figures from the judge's games, checked against values worked by hand.
#include "stats/game_figures.h"

#include <gtest/gtest.h>

namespace evolbench {
namespace {

JudgeGame game(const std::string& item, bool a_first, Outcome outcome, std::optional<double> preference) {
  JudgeGame g;
  g.item_id = item;
  g.model_a = "x";
  g.model_b = "y";
  g.a_shown_first = a_first;
  g.outcome = outcome;
  g.preference = preference;
  return g;
}

JudgedItem judged(const std::string& item, Outcome outcome) {
  JudgedItem j;
  j.judgment = {item, "x", "y", "judge", outcome, outcome, outcome};
  return j;
}

TEST(SoftWinRate, MeanOfItemPreferencesWithANormalIntervalByHand) {
  // Item preferences for x: (0.8 + 0.6) / 2 = 0.7; (0.2 + 1, a verdict without a
  // preference) / 2 = 0.6; (0.5 + 0.5) / 2 = 0.5. An unparsed item counts nothing.
  const std::vector<JudgeGame> games = {
      game("i1", true, Outcome::kWin, 0.8),  game("i1", false, Outcome::kWin, 0.6),
      game("i2", true, Outcome::kLoss, 0.2), game("i2", false, Outcome::kWin, std::nullopt),
      game("i3", true, Outcome::kTie, 0.5),  game("i3", false, Outcome::kTie, 0.5),
      game("i4", true, Outcome::kUnparsed, std::nullopt)};
  std::vector<JudgedItem> items = {judged("i1", Outcome::kWin), judged("i2", Outcome::kTie),
                                   judged("i3", Outcome::kTie), judged("i4", Outcome::kUnparsed)};
  attach_soft_preferences(games, items);
  EXPECT_NEAR(*items[0].soft, 0.7, 1e-12);
  EXPECT_NEAR(*items[1].soft, 0.6, 1e-12);
  EXPECT_NEAR(*items[2].soft, 0.5, 1e-12);
  EXPECT_FALSE(items[3].soft.has_value());
  Results results;
  results.pairs.resize(2);
  results.pairs[0].model = "x";
  results.pairs[0].opponent = "y";
  results.pairs[1].model = "y";
  results.pairs[1].opponent = "x";
  results.leaderboard = {{"y", 0.9, 3}, {"x", 0.1, 3}};
  add_soft_win_rates(items, results);
  // Mean 0.6; deviations 0.1, 0, -0.1: variance 0.02 / 2 = 0.01, sd 0.1, standard
  // error 0.1 / sqrt(3) = 0.0577350; half-width 1.959964 x 0.0577350 = 0.1131586.
  ASSERT_TRUE(results.pairs[0].soft_win_rate);
  EXPECT_NEAR(*results.pairs[0].soft_win_rate, 0.6, 1e-12);
  EXPECT_NEAR(results.pairs[0].soft_ci95.low, 0.4868414, 1e-6);
  EXPECT_NEAR(results.pairs[0].soft_ci95.high, 0.7131586, 1e-6);
  EXPECT_NEAR(*results.pairs[1].soft_win_rate, 0.4, 1e-12);
  // The leaderboard ranks by the soft win rates.
  EXPECT_EQ(results.leaderboard[0].model, "x");
  EXPECT_NEAR(results.leaderboard[0].mean_win_rate, 0.6, 1e-12);
}

TEST(JudgeScores, MeanOverGamesOfScorePairsAndGradesOfSingleJudges) {
  JudgeGame first = game("i1", true, Outcome::kWin, std::nullopt), second = first;
  first.score_a = 8;
  first.score_b = 6;
  second.a_shown_first = false;
  second.score_a = 7;
  second.score_b = 7;
  JudgeGame grade_x, grade_y;
  grade_x.item_id = grade_y.item_id = "i2";
  grade_x.model_a = "x";
  grade_y.model_a = "y";
  grade_x.score_a = 9;
  grade_y.score_a = 4;
  std::vector<JudgedItem> items = {judged("i1", Outcome::kWin), judged("i2", Outcome::kWin),
                                   judged("i3", Outcome::kTie)};
  attach_judge_scores({first, second, grade_x, grade_y}, items);
  EXPECT_EQ(items[0].score_a, 7.5);  // (8 + 7) / 2
  EXPECT_EQ(items[0].score_b, 6.5);  // (6 + 7) / 2
  EXPECT_EQ(items[1].score_a, 9);
  EXPECT_EQ(items[1].score_b, 4);
  EXPECT_FALSE(items[2].score_a);
}

}  // namespace
}  // namespace evolbench
