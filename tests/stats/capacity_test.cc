#include "stats/capacity.h"
#include "stats/statistics.h"

#include <gtest/gtest.h>

namespace evolbench {
namespace {

// Three items: the model scores 8, 6, 10 and the reference 4, 6, 5.
std::vector<ScoredPair> three_items() {
  return {{2, "math", 8, 4}, {9, "code", 6, 6}, {9, "math", 10, 5}};
}

TEST(Capacity, RatioIsSumOverSum) {
  Rng rng(1);
  const auto ratio = capacity_ratio(three_items(), 0, rng);
  ASSERT_TRUE(ratio.has_value());
  EXPECT_EQ(ratio->n, 3);
  EXPECT_DOUBLE_EQ(ratio->model_total, 24.0);
  EXPECT_DOUBLE_EQ(ratio->reference_total, 15.0);
  EXPECT_DOUBLE_EQ(ratio->ratio, 24.0 / 15.0);  // 1.6, not the mean of ratios (1.733...)
}

TEST(Capacity, ZeroRoundsGiveAPointInterval) {
  Rng rng(1);
  const auto ratio = capacity_ratio(three_items(), 0, rng);
  EXPECT_DOUBLE_EQ(ratio->ci95.low, 1.6);
  EXPECT_DOUBLE_EQ(ratio->ci95.high, 1.6);
}

TEST(Capacity, IdenticalItemsHaveNoSpread) {
  Rng rng(1);
  const auto ratio = capacity_ratio({{5, "", 6, 4}, {5, "", 6, 4}}, 200, rng);
  EXPECT_DOUBLE_EQ(ratio->ci95.low, 1.5);
  EXPECT_DOUBLE_EQ(ratio->ci95.high, 1.5);
}

TEST(Capacity, BootstrapIntervalStaysWithinTheItemRatiosAndHoldsThePoint) {
  Rng rng(3);
  const auto ratio = capacity_ratio(three_items(), 2000, rng);
  // Every resample's ratio lies between the smallest (6/6) and largest (10/5, 8/4) item ratio.
  EXPECT_GE(ratio->ci95.low, 1.0);
  EXPECT_LE(ratio->ci95.high, 2.0);
  EXPECT_LT(ratio->ci95.low, 1.6);
  EXPECT_GT(ratio->ci95.high, 1.6);
}

TEST(Capacity, SameSeedSameInterval) {
  Rng first(9), second(9);
  EXPECT_DOUBLE_EQ(capacity_ratio(three_items(), 100, first)->ci95.low,
                   capacity_ratio(three_items(), 100, second)->ci95.low);
}

TEST(Capacity, UndefinedWithoutItemsOrReferenceScore) {
  Rng rng(1);
  EXPECT_FALSE(capacity_ratio({}, 10, rng).has_value());
  EXPECT_FALSE(capacity_ratio({{1, "", 3, 0}}, 10, rng).has_value());
}

TEST(Capacity, StrataBySkillAndDifficulty) {
  Rng rng(1);
  const Capacity capacity = wizardlm_capacity("ours", "chatgpt", three_items(), 0, rng);
  EXPECT_EQ(capacity.model, "ours");
  EXPECT_EQ(capacity.reference, "chatgpt");
  EXPECT_DOUBLE_EQ(capacity.overall.ratio, 1.6);
  EXPECT_DOUBLE_EQ(capacity.by_skill.at("math").ratio, 18.0 / 9.0);
  EXPECT_DOUBLE_EQ(capacity.by_skill.at("code").ratio, 1.0);
  EXPECT_DOUBLE_EQ(capacity.by_difficulty.at(2).ratio, 2.0);
  EXPECT_DOUBLE_EQ(capacity.by_difficulty.at(9).ratio, 16.0 / 11.0);
  EXPECT_EQ(capacity.by_difficulty.at(9).n, 2);
}

TEST(Capacity, UnscoredDifficultyCountsOnlyOverall) {
  Rng rng(1);
  const Capacity capacity = wizardlm_capacity("a", "b", {{0, "x", 3, 3}, {4, "x", 1, 2}}, 0, rng);
  EXPECT_EQ(capacity.overall.n, 2);
  EXPECT_EQ(capacity.by_difficulty.size(), 1u);
  EXPECT_DOUBLE_EQ(capacity.by_difficulty.at(4).ratio, 0.5);
}

TEST(Capacity, StratumWithZeroReferenceTotalIsLeftOut) {
  Rng rng(1);
  const Capacity capacity = wizardlm_capacity("a", "b", {{3, "x", 3, 0}, {4, "y", 1, 2}}, 0, rng);
  EXPECT_EQ(capacity.by_skill.count("x"), 0u);
  EXPECT_EQ(capacity.by_difficulty.count(3), 0u);
  EXPECT_DOUBLE_EQ(capacity.overall.ratio, 2.0);
}

TEST(Capacity, StatisticsRateEveryScoredModelAgainstTheAnchor) {
  // b is the anchor: a scored 8 and 6 against b's 4 and 4 (a 14/8), c 2 against b's 4.
  std::vector<JudgedItem> items = {
      {{"1", "a", "b", "j", Outcome::kWin, Outcome::kWin, Outcome::kWin}, 3, "x", {}, {}, 8.0, 4.0},
      {{"2", "a", "b", "j", Outcome::kWin, Outcome::kWin, Outcome::kWin}, 3, "x", {}, {}, 6.0, 4.0},
      {{"1", "b", "c", "j", Outcome::kWin, Outcome::kWin, Outcome::kWin}, 3, "x", {}, {}, 4.0, 2.0},
      {{"1", "a", "c", "j", Outcome::kWin, Outcome::kWin, Outcome::kWin}, 3, "x", {}, {}, 9.0, 1.0}};
  Results results;
  results.models = {"a", "b", "c"};
  StatisticsOptions options;
  options.rounds = 0;
  options.anchor = "b";
  ASSERT_TRUE(compute_statistics(items, options, results).ok());
  ASSERT_EQ(results.capacity.size(), 2u);
  EXPECT_EQ(results.capacity[0].model, "a");
  EXPECT_EQ(results.capacity[0].reference, "b");
  EXPECT_DOUBLE_EQ(results.capacity[0].overall.ratio, 14.0 / 8.0);
  EXPECT_EQ(results.capacity[1].model, "c");
  EXPECT_DOUBLE_EQ(results.capacity[1].overall.ratio, 0.5);
}

TEST(Capacity, NoScoresNoCapacity) {
  std::vector<JudgedItem> items = {
      {{"1", "a", "b", "j", Outcome::kWin, Outcome::kWin, Outcome::kWin}, 3, "x", {}, {}, {}, {}}};
  Results results;
  results.models = {"a", "b"};
  StatisticsOptions options;
  options.rounds = 0;
  ASSERT_TRUE(compute_statistics(items, options, results).ok());
  EXPECT_TRUE(results.capacity.empty());
}

}  // namespace
}  // namespace evolbench
