#include "stats/single_scores.h"

#include <gtest/gtest.h>

namespace evolbench {
namespace {

// Item a graded 8 on turn 1 and 6 on turn 2, item b 4 on turn 1 and unreadable on
// turn 2: the score pools the readable grades, (8 + 6 + 4) / 3 = 6; turn 1 is
// (8 + 4) / 2 = 6, turn 2 is 6; only item a has a skill, (8 + 6) / 2 = 7. Resampling
// the two items whole gives a, a (28 / 4 = 7), a, b (18 / 3 = 6) or b, b (4): b, b
// a quarter of the time and a, a a quarter, so the percentile interval is [4, 7].
TEST(SingleAnswerScores, PoolTurnsAndResampleItemsWhole) {
  const std::vector<GradedAnswer> grades = {{"m", "a", 1, "math", 8.0},
                                            {"m", "a", 2, "math", 6.0},
                                            {"m", "b", 1, "", 4.0},
                                            {"m", "b", 2, "", std::nullopt}};
  Rng rng(1);
  const auto scores = single_answer_scores(grades, 2000, rng);
  ASSERT_EQ(scores.size(), 1u);
  const ModelScore& score = scores.front();
  EXPECT_DOUBLE_EQ(score.score, 6.0);
  EXPECT_EQ(score.n, 3);
  EXPECT_EQ(score.unparsed, 1);
  EXPECT_EQ(score.by_turn, (std::map<int, double>{{1, 6.0}, {2, 6.0}}));
  EXPECT_EQ(score.by_skill, (std::map<std::string, double>{{"math", 7.0}}));
  ASSERT_TRUE(score.ci95.has_value());
  EXPECT_DOUBLE_EQ(score.ci95->low, 4.0);
  EXPECT_DOUBLE_EQ(score.ci95->high, 7.0);
}

TEST(SingleAnswerScores, NoRoundsNoInterval) {
  const std::vector<GradedAnswer> grades = {{"m", "a", 1, "", 5.0}, {"n", "a", 1, "", std::nullopt}};
  Rng rng(1);
  const auto scores = single_answer_scores(grades, 0, rng);
  ASSERT_EQ(scores.size(), 2u);
  EXPECT_FALSE(scores[0].ci95.has_value());
  EXPECT_EQ(scores[1].model, "n");
  EXPECT_EQ(scores[1].n, 0);
  EXPECT_EQ(scores[1].score, 0.0);
}

}  // namespace
}  // namespace evolbench
