#include "stats/statistics.h"

#include <gtest/gtest.h>

#include "stats/significance.h"

namespace evolbench {
namespace {

// x beats y on 12 of 16 items (2 ties), y beats z 9-3, x beats z 14-1: judged items with
// lengths and difficulties.
std::vector<JudgedItem> three_models() {
  std::vector<JudgedItem> items;
  const auto add = [&](const std::string& a, const std::string& b, int wins, int ties, int losses) {
    int index = 0;
    for (Outcome outcome : {Outcome::kWin, Outcome::kTie, Outcome::kLoss}) {
      const int count = outcome == Outcome::kWin ? wins : outcome == Outcome::kTie ? ties : losses;
      for (int i = 0; i < count; ++i, ++index) {
        JudgedItem item;
        item.judgment = {a + b + std::to_string(index), a, b, "judge", outcome, outcome, outcome};
        item.difficulty = 1 + index % 10;
        item.skill = index % 2 ? "math" : "writing";
        item.style_a.length = 300 + 10 * (index % 7);
        item.style_b.length = 280 + 15 * (index % 5);
        items.push_back(item);
      }
    }
  };
  add("x", "y", 12, 2, 2);
  add("y", "z", 9, 0, 3);
  add("x", "z", 14, 0, 1);
  JudgedItem unreadable = items.front();
  unreadable.judgment.item_id = "unreadable";
  unreadable.judgment.outcome = Outcome::kUnparsed;
  items.push_back(unreadable);
  return items;
}

Results computed(const StatisticsOptions& options) {
  Results results;
  results.models = {"x", "y", "z"};
  EXPECT_TRUE(compute_statistics(three_models(), options, results).ok());
  return results;
}

const PairResult& pair_of(const Results& results, const std::string& model, const std::string& opponent) {
  for (const auto& pair : results.pairs)
    if (pair.model == model && pair.opponent == opponent) return pair;
  throw std::out_of_range(model + " vs " + opponent);
}

// x vs y on 100 items, every verdict a win for x, but x's soft share only 0.8 on 60
// items, 0.6 on 30 and 0.4 on 10; one more item leans to neither (share 1/2, a tie).
// Mean share (48 + 18 + 4 + 0.5) / 101 = 70.5 / 101 = 0.6980.
std::vector<JudgedItem> soft_items() {
  std::vector<JudgedItem> items;
  for (int i = 0; i < 101; ++i) {
    JudgedItem item;
    const Outcome outcome = i < 100 ? Outcome::kWin : Outcome::kTie;
    item.judgment = {"q" + std::to_string(i), "x", "y", "judge", outcome, outcome, outcome};
    item.soft = i < 60 ? 0.8 : i < 90 ? 0.6 : i < 100 ? 0.4 : 0.5;
    items.push_back(item);
  }
  return items;
}

TEST(Statistics, SoftOutcomesDriveTheBootstrapSignTestAndRatings) {
  Results results;
  results.models = {"x", "y"};
  StatisticsOptions options;
  options.anchor = "y";
  ASSERT_TRUE(compute_statistics(soft_items(), options, results).ok());
  const PairResult& pair = pair_of(results, "x", "y");
  EXPECT_EQ(pair.overall.tally, (WinTally{100, 1, 0}));  // the strata still count verdicts
  // The bootstrap resamples the shares: around their mean 0.6980, where the verdicts'
  // would be about [0.985, 1].
  EXPECT_LT(pair.bootstrap_ci95.low, 70.5 / 101);
  EXPECT_GT(pair.bootstrap_ci95.high, 70.5 / 101);
  EXPECT_LT(pair.bootstrap_ci95.high, 0.75);
  // Sign test: 90 items lean to x, 10 to y (the verdicts say 100 to 0), the even one is dropped.
  EXPECT_DOUBLE_EQ(pair.sign_test_p, sign_test_p_value(90, 10));
  // Ratings: P(x beats y) is the mean share (the weak prior moves it by < 0.001), not
  // the verdicts' near-certainty.
  ASSERT_EQ(results.ratings.size(), 2u);
  EXPECT_EQ(results.ratings[0].model, "x");
  EXPECT_NEAR(results.ratings[0].win_rate_vs_anchor, 70.5 / 101, 1e-3);
}

TEST(Statistics, SoftOutcomesAreTheLengthControlTargets) {
  std::vector<JudgedItem> items = soft_items();
  for (auto& item : items) item.style_a.length = item.style_b.length = 500;  // no length difference
  Results results;
  results.models = {"x", "y"};
  ASSERT_TRUE(compute_statistics(items, StatisticsOptions{}, results).ok());
  const PairResult& pair = pair_of(results, "x", "y");
  ASSERT_TRUE(pair.lc_win_rate.has_value());
  // Equal lengths: the LC fit is the model term alone, whose fitted preference is the
  // mean soft share (up to the fit's weak ridge), not the verdicts' 100.5 / 101.
  EXPECT_NEAR(*pair.lc_win_rate, 70.5 / 101, 1e-3);
}

TEST(Statistics, SignTestsAreHolmAdjustedOverUnorderedPairs) {
  const Results results = computed({200, 1, ""});
  ASSERT_EQ(results.pairs.size(), 6u);
  const double xy = sign_test_p_value(12, 2), yz = sign_test_p_value(9, 3), xz = sign_test_p_value(14, 1);
  EXPECT_DOUBLE_EQ(pair_of(results, "x", "y").sign_test_p, xy);
  EXPECT_DOUBLE_EQ(pair_of(results, "y", "x").sign_test_p, xy);
  const std::vector<double> adjusted = holm_adjusted({xy, yz, xz});  // three tests, not six
  EXPECT_DOUBLE_EQ(pair_of(results, "x", "y").sign_test_p_holm, adjusted[0]);
  EXPECT_DOUBLE_EQ(pair_of(results, "z", "y").sign_test_p_holm, adjusted[1]);
  EXPECT_DOUBLE_EQ(pair_of(results, "x", "z").sign_test_p_holm, adjusted[2]);
}

TEST(Statistics, EveryPairGetsItsFigures) {
  const Results results = computed({200, 1, ""});
  for (const auto& pair : results.pairs) {
    EXPECT_LE(pair.bootstrap_ci95.low, pair.overall.tally.win_rate()) << pair.model << pair.opponent;
    EXPECT_GE(pair.bootstrap_ci95.high, pair.overall.tally.win_rate()) << pair.model << pair.opponent;
    ASSERT_TRUE(pair.lc_win_rate.has_value());
    // No item is judged for two models against the same opponent, so no joint term:
    // each pair's fit uses difficulty, and both directions of a pair agree.
    EXPECT_EQ(pair.lc_instruction_term, "difficulty");
    EXPECT_EQ(pair.lc_models_in_fit, 1);
    EXPECT_NEAR(*pair.lc_win_rate + *pair_of(results, pair.opponent, pair.model).lc_win_rate, 1.0, 1e-6);
    ASSERT_TRUE(pair.lc_ci95.has_value());
    EXPECT_LE(pair.lc_ci95->low, *pair.lc_win_rate);
    EXPECT_GE(pair.lc_ci95->high, *pair.lc_win_rate);
    EXPECT_FALSE(pair.by_skill.empty());
  }
  EXPECT_EQ(pair_of(results, "x", "y").unparsed, 1);
  EXPECT_TRUE(pair_of(results, "x", "y").difficulty_effect.has_value());
}

TEST(Statistics, RatingsAreAnchoredAtTheFirstModelUnlessToldOtherwise) {
  const Results by_default = computed({200, 1, ""});
  EXPECT_EQ(by_default.ratings_anchor, "x");
  ASSERT_EQ(by_default.ratings.size(), 3u);
  EXPECT_EQ(by_default.ratings.front().model, "x");
  EXPECT_DOUBLE_EQ(by_default.ratings.front().elo, 1000.0);
  EXPECT_EQ(by_default.ratings.back().model, "z");
  const Results by_z = computed({200, 1, "z"});
  EXPECT_EQ(by_z.ratings_anchor, "z");
  EXPECT_DOUBLE_EQ(by_z.ratings.back().elo, 1000.0);
  EXPECT_EQ(by_z.bootstrap_rounds, 200);
}

TEST(Statistics, SameSeedSameResults) {
  const Results first = computed({300, 7, ""}), second = computed({300, 7, ""});
  for (std::size_t i = 0; i < first.pairs.size(); ++i)
    EXPECT_EQ(first.pairs[i].bootstrap_ci95.low, second.pairs[i].bootstrap_ci95.low);
  for (std::size_t i = 0; i < first.ratings.size(); ++i)
    EXPECT_EQ(first.ratings[i].ci95.high, second.ratings[i].ci95.high);
}

TEST(Statistics, UnknownAnchorIsAnError) {
  Results results;
  results.models = {"x", "y", "z"};
  const Status status = compute_statistics(three_models(), {100, 1, "w"}, results);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message, "anchor model 'w' has no battles");
}

}  // namespace
}  // namespace evolbench
