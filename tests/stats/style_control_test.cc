#include "stats/style_control.h"

#include <cmath>
#include <cstdio>
#include <random>
#include <stdexcept>

#include <gtest/gtest.h>

#include "support/simulation.h"

#include "stats/logistic_regression.h"
#include "stats/statistics.h"

namespace evolbench {
namespace {

using testing::simulated_trials;

const Rating& styled_rating_of(const std::vector<Rating>& ratings, const std::string& model) {
  for (const auto& rating : ratings)
    if (rating.model == model) return rating;
  throw std::out_of_range(model);
}

TEST(StyleControl, DifferencesAreRatiosOfTheSumAndZeroWhenBothAreZero) {
  EXPECT_DOUBLE_EQ(style_difference(300, 100), 0.5);
  EXPECT_DOUBLE_EQ(style_difference(100, 300), -0.5);
  EXPECT_DOUBLE_EQ(style_difference(0, 0), 0.0);
  EXPECT_DOUBLE_EQ(style_difference(0, 7), -1.0);
  // Lengths 300 and 100; densities 2 elements in 100 characters (20 per 1,000) and none.
  const StyleFeatures a{.length = 300, .headers = 0, .list_items = 0, .bold_spans = 0};
  const StyleFeatures b{.length = 100, .headers = 1, .list_items = 1, .bold_spans = 0};
  EXPECT_EQ(style_covariates(a, b), (std::vector<double>{0.5, -1.0}));
}

TEST(StyleControl, ATableTurnsCovariatesWithTheModelsAndCountsEqualOnesInOneCell) {
  BattleTable table(style_feature_names());
  const int x = table.model_index("x"), y = table.model_index("y");
  const std::vector<double> seen_from_y{0.5, -0.25};
  table.add(y, x, seen_from_y, BattleWinner::kModelA);
  table.add(x, y, std::vector<double>{-0.5, 0.25}, BattleWinner::kTie);
  table.add(x, y, std::vector<double>{0.0, 0.0}, BattleWinner::kModelA);
  ASSERT_EQ(table.pairs().size(), 2u);
  EXPECT_EQ(table.pairs()[0], (PairCounts{.model_a = x, .model_b = y, .wins_a = 0, .wins_b = 1, .ties = 1}));
  EXPECT_EQ(std::vector<double>(table.covariates(0).begin(), table.covariates(0).end()),
            (std::vector<double>{-0.5, 0.25}));
  EXPECT_EQ(table.pairs()[1].wins_a, 1);
  EXPECT_EQ(table.battles(), 3);
}

// Two cells, no prior: with x = +1, 3 wins of 4 (logit ln 3 = theta + beta); with x = -1,
// 1 of 2 (logit 0 = theta - beta). So theta = beta = ln 3 / 2: 95.43 Elo over the anchor.
TEST(StyleControl, HandComputedFitSplitsTheLogitsBetweenStrengthAndStyle) {
  BattleTable table(std::vector<std::string>{"length"});
  const int x = table.model_index("x"), y = table.model_index("y");
  for (const auto winner : {BattleWinner::kModelA, BattleWinner::kModelA, BattleWinner::kModelA, BattleWinner::kModelB})
    table.add(x, y, std::vector<double>{1.0}, winner);
  for (const auto winner : {BattleWinner::kModelA, BattleWinner::kModelB}) table.add(x, y, std::vector<double>{-1.0}, winner);
  Rng rng(1);
  auto fit = style_controlled_ratings(table, {.anchor = "y", .rounds = 0, .prior_precision = 0.0, .threads = 1}, rng);
  ASSERT_TRUE(fit.ok()) << fit.error().message;
  const double half_log3 = std::log(3.0) / 2;
  EXPECT_NEAR(styled_rating_of(fit->ratings, "x").elo, 1000.0 + kEloPerLogit * half_log3, 1e-6);
  EXPECT_NEAR(styled_rating_of(fit->ratings, "x").win_rate_vs_anchor, logistic(half_log3), 1e-9);
  ASSERT_EQ(fit->coefficients.size(), 1u);
  EXPECT_EQ(fit->coefficients[0].name, "length");
  EXPECT_NEAR(fit->coefficients[0].value, half_log3, 1e-9);
  EXPECT_EQ(fit->features, std::vector<std::string>{"length"});
}

// Judged items of models with known strengths and answer styles, judged by a logistic
// judge that pays `length_pay` and `markdown_pay` logits per unit of style difference.
struct StyledModel {
  std::string name;
  double strength;        // logits
  int mean_length;        // characters
  double markdown_share;  // share of answers with markdown
};

std::vector<JudgedItem> styled_arena(const std::vector<StyledModel>& models, int items_per_pair,
                                     double length_pay, double markdown_pay, Rng& rng) {
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const auto answer = [&](const StyledModel& model) {
    StyleFeatures style;
    style.length = static_cast<int>(model.mean_length * (0.6 + 0.8 * uniform(rng)));
    if (uniform(rng) < model.markdown_share) style.list_items = 1 + static_cast<int>(8 * uniform(rng));
    return style;
  };
  std::vector<JudgedItem> items;
  for (std::size_t i = 0; i < models.size(); ++i)
    for (std::size_t j = i + 1; j < models.size(); ++j)
      for (int n = 0; n < items_per_pair; ++n) {
        JudgedItem item;
        item.style_a = answer(models[i]);
        item.style_b = answer(models[j]);
        const std::vector<double> x = style_covariates(item.style_a, item.style_b);
        const double p = logistic(models[i].strength - models[j].strength + length_pay * x[0] + markdown_pay * x[1]);
        const Outcome outcome = uniform(rng) < p ? Outcome::kWin : Outcome::kLoss;
        item.judgment = {"q" + std::to_string(n), models[i].name, models[j].name, "judge", outcome, outcome, outcome};
        items.push_back(item);
      }
  return items;
}

Results styled_results(const std::vector<StyledModel>& models, const std::vector<JudgedItem>& items, int rounds) {
  Results results;
  for (const auto& model : models) results.models.push_back(model.name);
  const Status computed = compute_statistics(items, {.rounds = rounds, .seed = 5, .anchor = ""}, results);
  EXPECT_TRUE(computed.ok()) << computed.error().message;
  return results;
}

TEST(StyleControl, StatisticsFitItWhenAnswersAreKnownAndNotOtherwise) {
  Rng rng(3);
  const std::vector<StyledModel> models = {{"a", 0.0, 800, 0.0}, {"b", 0.3, 1200, 0.8}};
  auto items = styled_arena(models, 40, 0.5, 0.5, rng);
  const Results known = styled_results(models, items, 50);
  ASSERT_TRUE(known.style_control);
  EXPECT_EQ(known.style_control->features, (std::vector<std::string>{"length", "markdown_density"}));
  EXPECT_EQ(known.style_control->ratings.size(), 2u);
  EXPECT_EQ(styled_rating_of(known.style_control->ratings, "a").elo, 1000.0);  // the plain ratings' anchor
  for (auto& item : items) item.style_a = item.style_b = {};
  EXPECT_FALSE(styled_results(models, items, 50).style_control);
}

// Fixed scaling: a newcomer with very long, heavily formatted answers shifts neither what a
// unit of style difference means nor where "equal style" is, so the others' figures stay
// within their intervals. (Centring the features on the pool, as z-scoring does, moves them.)
TEST(StyleControl, AddingAModelLeavesTheOthersStyleControlledRatingsWithinTheirIntervals) {
  Rng rng(11);
  const std::vector<StyledModel> three = {{"a", 0.0, 900, 0.2}, {"b", 0.4, 1400, 0.7}, {"c", -0.3, 600, 0.0}};
  std::vector<StyledModel> four = three;
  four.push_back({"d", 0.2, 4000, 1.0});
  std::vector<JudgedItem> items = styled_arena(three, 150, 0.8, 0.6, rng);
  const Results before = styled_results(three, items, 200);
  // The newcomer's games are added to the same games of the three.
  for (const auto& item : styled_arena(four, 150, 0.8, 0.6, rng))
    if (item.judgment.model_b == "d") items.push_back(item);
  const Results after = styled_results(four, items, 200);
  ASSERT_TRUE(before.style_control && after.style_control);
  for (const char* model : {"b", "c"}) {
    const Rating& old_rating = styled_rating_of(before.style_control->ratings, model);
    const Rating& new_rating = styled_rating_of(after.style_control->ratings, model);
    EXPECT_GE(new_rating.elo, old_rating.ci95.low) << model;
    EXPECT_LE(new_rating.elo, old_rating.ci95.high) << model;
  }
  for (std::size_t j = 0; j < 2; ++j) {
    const Coefficient& old_coefficient = before.style_control->coefficients[j];
    const double new_value = after.style_control->coefficients[j].value;
    EXPECT_GE(new_value, old_coefficient.ci95.low) << old_coefficient.name;
    EXPECT_LE(new_value, old_coefficient.ci95.high) << old_coefficient.name;
  }
}

// Arenas with known strengths and a judge that pays for style: the style-controlled 95%
// intervals of the non-anchor models cover the true strengths 93-97% of the time.
TEST(StyleControl, IntervalsCoverTheTrueStrengthsAbout95PercentOfTheTime) {
  Rng rng(42);
  std::normal_distribution<double> strength(0.0, 0.5);
  std::uniform_int_distribution<int> length(400, 2000);
  std::uniform_real_distribution<double> share(0.0, 1.0);
  const int arenas = simulated_trials(200);
  int covered = 0, intervals = 0;
  for (int trial = 0; trial < arenas; ++trial) {
    std::vector<StyledModel> models;
    for (int i = 0; i < 5; ++i) models.push_back({"m" + std::to_string(i), strength(rng), length(rng), share(rng)});
    std::vector<std::string> names;
    for (const auto& model : models) names.push_back(model.name);
    const BattleTable table = judged_battles(styled_arena(models, 80, 0.6, 0.4, rng), names, style_feature_names());
    auto fit = style_controlled_ratings(table, {.anchor = "m0", .rounds = 200, .prior_precision = kRatingPriorPrecision, .threads = 0}, rng);
    ASSERT_TRUE(fit.ok()) << fit.error().message;
    for (std::size_t i = 1; i < models.size(); ++i) {
      const Rating& rating = styled_rating_of(fit->ratings, models[i].name);
      const double truth = kAnchorElo + kEloPerLogit * (models[i].strength - models[0].strength);
      covered += rating.ci95.low <= truth && truth <= rating.ci95.high;
      ++intervals;
    }
  }
  const double coverage = double(covered) / intervals;
  RecordProperty("style_control_coverage", std::to_string(coverage));
  std::printf("style-controlled interval coverage over %d arenas (%d intervals): %.3f\n", arenas, intervals, coverage);
  EXPECT_GE(coverage, 0.93);
  EXPECT_LE(coverage, 0.97);
}

}  // namespace
}  // namespace evolbench
