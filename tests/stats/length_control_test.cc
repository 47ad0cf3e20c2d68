#include "stats/length_control.h"

#include <algorithm>
#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "stats/bootstrap.h"
#include "stats/logistic_regression.h"
#include "support/simulation.h"

namespace evolbench {
namespace {

double raw_win_rate(const std::vector<LengthControlItem>& items) {
  double sum = 0;
  for (const auto& item : items) sum += item.score;
  return sum / static_cast<double>(items.size());
}

LengthControlItem item(int index, double score, int length, int opponent_length, int difficulty) {
  return {"x" + std::to_string(index), score, length, opponent_length, difficulty};
}

// One model alone against its opponent.
std::optional<LengthControlled> lc_alone(const std::vector<LengthControlItem>& items, int rounds = 0) {
  Rng rng(1);
  auto fitted = length_controlled_win_rates({{"m", items}}, rounds, rng);
  if (!fitted.count("m")) return std::nullopt;
  return fitted.at("m");
}

// With equal lengths there is no length term, and a logistic fit with an intercept
// reproduces the mean outcome: LC equals the raw win rate.
TEST(LengthControl, EqualLengthsGiveTheRawWinRate) {
  std::vector<LengthControlItem> items;
  const double scores[] = {1, 0, 0.5, 1, 1, 0, 1, 0.5, 0, 1};
  for (int i = 0; i < 10; ++i) items.push_back(item(i, scores[i], 300, 300, 1 + i % 10));
  const auto lc = lc_alone(items);
  ASSERT_TRUE(lc.has_value());
  EXPECT_NEAR(lc->win_rate, raw_win_rate(items), 1e-9);
  EXPECT_EQ(lc->instruction_term, InstructionTerm::kDifficulty);
  EXPECT_EQ(lc->models_in_fit, 1);
}

// Half the items the model is 100 characters longer and wins 40 of 50; half it is 100
// shorter and wins 20 of 50. The fit is saturated: intercept = (logit .8 + logit .4) / 2
// = ln(8/3) / 2 whatever the tanh scale, so LC = logistic(ln(8/3) / 2) = .6202, not .6.
TEST(LengthControl, TwoLengthGroupsByHand) {
  std::vector<LengthControlItem> items;
  for (int i = 0; i < 50; ++i) items.push_back(item(i, i < 40 ? 1.0 : 0.0, 400, 300, 0));
  for (int i = 0; i < 50; ++i) items.push_back(item(50 + i, i < 20 ? 1.0 : 0.0, 300, 400, 0));
  const auto lc = lc_alone(items);
  ASSERT_TRUE(lc.has_value());
  EXPECT_NEAR(lc->win_rate, logistic(std::log(8.0 / 3.0) / 2), 1e-3);
  EXPECT_EQ(lc->instruction_term, InstructionTerm::kNone);  // no difficulty, one model
  EXPECT_NEAR(raw_win_rate(items), 0.6, 1e-12);
}

TEST(LengthControl, SameOutcomeEverywhereIsThatOutcome) {
  const auto lc = lc_alone({item(0, 1.0, 10, 500, 3), item(1, 1.0, 900, 20, 7)}, 100);
  ASSERT_TRUE(lc.has_value());
  EXPECT_EQ(lc->win_rate, 1.0);
  EXPECT_FALSE(lc->ci95.has_value());
}

TEST(LengthControl, NoItemsNoRate) { EXPECT_FALSE(lc_alone({}).has_value()); }

// A judge that prefers the longer answer (logit + 0.9 tanh(diff / 250)) compares models of
// `quality_gap` logits whose answers are ~600 and ~400 characters long. Ties 10%.
std::vector<LengthControlItem> length_biased_judgments(double quality_gap, int items, Rng& rng) {
  std::normal_distribution<double> long_answer(600, 150), short_answer(400, 150);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::uniform_int_distribution<int> difficulty(1, 10);
  std::vector<LengthControlItem> out;
  for (int i = 0; i < items; ++i) {
    const int length = std::max(1, static_cast<int>(long_answer(rng)));
    const int opponent_length = std::max(1, static_cast<int>(short_answer(rng)));
    const double p = logistic(quality_gap + 0.9 * std::tanh((length - opponent_length) / 250.0));
    const double u = uniform(rng);
    const double score = u < 0.1 ? 0.5 : uniform(rng) < p ? 1.0 : 0.0;
    out.push_back(item(i, score, length, opponent_length, difficulty(rng)));
  }
  return out;
}

TEST(LengthControl, RemovesMostOfAKnownLengthBias) {
  Rng rng(17);
  const auto items = length_biased_judgments(0.0, 3000, rng);
  const double raw = raw_win_rate(items);
  const auto lc = lc_alone(items);
  ASSERT_TRUE(lc.has_value());
  std::printf("equal models, longer answers: raw win rate %.3f, LC %.3f\n", raw, lc->win_rate);
  EXPECT_GT(raw - 0.5, 0.08);                             // the bias inflates the raw rate
  EXPECT_LT(std::abs(lc->win_rate - 0.5), 0.25 * (raw - 0.5));  // LC removes at least three quarters
}

// The length bias goes, a real quality gap stays: with a 0.5-logit gap the LC win rate
// is near logistic(0.5) = .622 (ties pull the observed rate slightly toward .5).
TEST(LengthControl, KeepsARealQualityGap) {
  Rng rng(18);
  const auto items = length_biased_judgments(0.5, 3000, rng);
  const auto lc = lc_alone(items);
  ASSERT_TRUE(lc.has_value());
  const double expected = 0.1 * 0.5 + 0.9 * logistic(0.5);
  std::printf("better model, longer answers: raw win rate %.3f, LC %.3f, truth %.3f\n",
              raw_win_rate(items), lc->win_rate, expected);
  EXPECT_NEAR(lc->win_rate, expected, 0.03);
  EXPECT_GT(raw_win_rate(items), expected + 0.05);
}

// Six models against one baseline on the same instructions, each with its own
// sensitivity psi_m to an instruction term gamma_x ~ N(0, 1) that the items do not
// carry. The judge has no length bias, but every model writes longer on the
// instructions it does well on (length difference 200 psi_m gamma_x + noise of sd 200), so length
// and outcome are confounded through the instruction. Truth: the LC win rate is the
// model's mean preference over its items, mean_x logistic(theta_m + psi_m gamma_x).
struct ConfoundedArena {
  std::map<std::string, std::vector<LengthControlItem>> items_by_model;
  std::map<std::string, double> truth;
};

ConfoundedArena confounded_arena(int items, Rng& rng) {
  const std::vector<std::tuple<std::string, double, double>> models = {
      {"a", 0.3, 1.5}, {"b", -0.4, 1.0}, {"c", 0.8, 2.0}, {"d", 0.0, 1.2}, {"e", -0.8, 1.8}, {"f", 0.5, 0.8}};
  std::normal_distribution<double> normal(0, 1);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::vector<double> gamma(static_cast<std::size_t>(items));
  for (double& value : gamma) value = normal(rng);
  ConfoundedArena arena;
  for (const auto& [model, theta, psi] : models) {
    double truth = 0.0;
    for (int x = 0; x < items; ++x) {
      const double p = logistic(theta + psi * gamma[x]);
      truth += p;
      const int diff = static_cast<int>(200 * psi * gamma[x] + 200 * normal(rng));
      arena.items_by_model[model].push_back(item(x, uniform(rng) < p ? 1.0 : 0.0, 1000 + diff, 1000, 0));
    }
    arena.truth[model] = truth / items;
  }
  return arena;
}

TEST(LengthControl, AJointInstructionTermUndoesLengthThatFollowsTheInstruction) {
  Rng rng(19);
  const ConfoundedArena arena = confounded_arena(800, rng);
  Rng bootstrap(1);
  const auto joint = length_controlled_win_rates(arena.items_by_model, 0, bootstrap);
  double worst_alone = 0.0;
  for (const auto& [model, truth] : arena.truth) {
    ASSERT_TRUE(joint.count(model));
    const LengthControlled& fitted = joint.at(model);
    EXPECT_EQ(fitted.instruction_term, InstructionTerm::kJoint);
    EXPECT_EQ(fitted.models_in_fit, 6);
    const auto alone = lc_alone(arena.items_by_model.at(model));
    ASSERT_TRUE(alone.has_value());
    EXPECT_EQ(alone->instruction_term, InstructionTerm::kNone);
    std::printf("model %s: truth %.3f, joint LC %.3f, length-only LC %.3f, raw %.3f\n", model.c_str(), truth,
                fitted.win_rate, alone->win_rate, raw_win_rate(arena.items_by_model.at(model)));
    EXPECT_NEAR(fitted.win_rate, truth, 0.025) << model;
    worst_alone = std::max(worst_alone, std::abs(alone->win_rate - truth));
  }
  EXPECT_GT(worst_alone, 0.04);  // without the instruction term, length takes its part
}

// The other side: a judge with a real taste for length (0.9 tanh(diff / 200), on the
// scale the fit uses: sd(diff) = 200) and
// models that all write ~150 characters more than the opponent whatever the
// instruction (the further equal length is from the data, the noisier LC's
// extrapolation to it). The joint term must not take the length bias for the instruction's.
TEST(LengthControl, AJointInstructionTermStillRemovesALengthBias) {
  const std::vector<std::pair<double, double>> models = {{0.3, 1.5}, {-0.4, 1.0}, {0.8, 2.0}, {0.0, 1.2}};
  Rng rng(21);
  std::normal_distribution<double> normal(0, 1);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::vector<double> gamma(2000);
  for (double& value : gamma) value = normal(rng);
  std::map<std::string, std::vector<LengthControlItem>> items_by_model;
  std::map<std::string, double> truth;
  for (std::size_t m = 0; m < models.size(); ++m) {
    const auto [theta, psi] = models[m];
    const std::string name(1, static_cast<char>('a' + m));
    for (int x = 0; x < 2000; ++x) {
      const int diff = static_cast<int>(150 + 200 * normal(rng));
      const double p = logistic(theta + 0.9 * std::tanh(diff / 200.0) + psi * gamma[x]);
      items_by_model[name].push_back(item(x, uniform(rng) < p ? 1.0 : 0.0, 1000 + diff, 1000, 0));
      truth[name] += logistic(theta + psi * gamma[x]) / 2000;
    }
  }
  Rng bootstrap(1);
  const auto joint = length_controlled_win_rates(items_by_model, 0, bootstrap);
  for (const auto& [model, expected] : truth) {
    ASSERT_TRUE(joint.count(model));
    const double raw = raw_win_rate(items_by_model.at(model));
    const auto alone = lc_alone(items_by_model.at(model));
    std::printf("model %s: truth %.3f, joint LC %.3f, length-only LC %.3f, raw %.3f\n", model.c_str(), expected,
                joint.at(model).win_rate, alone ? alone->win_rate : -1.0, raw);
    EXPECT_GT(raw - expected, 0.03) << model;  // the bias is there to remove
    EXPECT_NEAR(joint.at(model).win_rate, expected, 0.03) << model;
  }
}

// The interval over items, with the difficulty term: a judge with a length bias grades
// one model whose preference follows the items' difficulty; truth is the population
// mean over levels 1..10 with the length term at zero. 95% intervals should cover it
// about 95 times in 100.
TEST(LengthControl, BootstrapIntervalsCoverTheTruth) {
  const int trials = testing::simulated_trials(50);
  const double theta = 0.4, psi = -0.9, phi = 0.8;
  double truth = 0.0;
  for (int level = 1; level <= 10; ++level) truth += logistic(theta + psi * (level - 5.5) / 2.8723) / 10;
  Rng rng(20);
  std::normal_distribution<double> normal(0, 1);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::uniform_int_distribution<int> level(1, 10);
  int covered = 0;
  for (int trial = 0; trial < trials; ++trial) {
    std::vector<LengthControlItem> items;
    for (int x = 0; x < 300; ++x) {
      const int difficulty = level(rng);
      const int diff = static_cast<int>(250 * normal(rng));
      const double p = logistic(theta + phi * std::tanh(diff / 250.0) + psi * (difficulty - 5.5) / 2.8723);
      items.push_back(item(x, uniform(rng) < p ? 1.0 : 0.0, 800 + diff, 800, difficulty));
    }
    Rng bootstrap(static_cast<std::uint64_t>(trial));
    const auto fitted = length_controlled_win_rates({{"m", items}}, 100, bootstrap);
    ASSERT_TRUE(fitted.at("m").ci95.has_value());
    const Interval ci = *fitted.at("m").ci95;
    covered += ci.low <= truth && truth <= ci.high;
  }
  const double coverage = static_cast<double>(covered) / trials;
  std::printf("LC bootstrap coverage %.3f over %d trials (truth %.3f)\n", coverage, trials, truth);
  EXPECT_GE(coverage, 0.85);
  EXPECT_LT(coverage, 1.0);  // not vacuous: some trial misses
}

}  // namespace
}  // namespace evolbench
