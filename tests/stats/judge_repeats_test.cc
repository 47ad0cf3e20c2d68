#include "stats/judge_repeats.h"

#include <cmath>
#include <numeric>

#include <gtest/gtest.h>

namespace evolbench {
namespace {

constexpr WinTally kWin{1, 0, 0};
constexpr WinTally kTie{0, 1, 0};
constexpr WinTally kLoss{0, 0, 1};

double variance(const std::vector<double>& values) {
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  double squares = 0.0;
  for (const double value : values) squares += (value - mean) * (value - mean);
  return squares / static_cast<double>(values.size());
}

// One item judged a win, then a loss: resampling items alone always draws it whole
// (0.5); resampling its two repeats too draws 0, 0.5 or 1 with chances 1/4, 1/2, 1/4.
TEST(JudgeRepeats, AnItemsDisagreeingRepeatsSpreadOnlyTheTwoLevelBootstrap) {
  const std::vector<RepeatedItem> items = {{{kWin, kLoss}}};
  Rng rng(1);
  const Interval one_level = repeated_win_rate_interval(items, false, 1000, rng);
  EXPECT_EQ(one_level, (Interval{0.5, 0.5}));
  const auto draws = bootstrap_repeated_win_rates(items, true, 20000, rng);
  const auto share = [&](double value) {
    return static_cast<double>(std::count(draws.begin(), draws.end(), value)) / static_cast<double>(draws.size());
  };
  EXPECT_NEAR(share(0.0), 0.25, 0.01);
  EXPECT_NEAR(share(0.5), 0.50, 0.01);
  EXPECT_NEAR(share(1.0), 0.25, 0.01);
  EXPECT_EQ(repeated_win_rate_interval(items, true, 1000, rng), (Interval{0.0, 1.0}));
}

// Four items of two repeats, scores (1, 1), (1, 0), (0, 0), (1/2, 1). Item means 1, 1/2,
// 0, 3/4 around 9/16: their variance is 0.546875 / 4 = 0.13671875, so resampling items
// gives 0.13671875 / 4 = 0.0341796875. The repeats' variances are 0, 1/4, 0, 1/16, mean
// 0.078125; resampling them too adds 0.078125 / (4 items x 2 repeats) = 0.009765625.
TEST(JudgeRepeats, TwoLevelVarianceIsTheOneLevelsPlusTheMeanRepeatVarianceOverItemsTimesRepeats) {
  const std::vector<RepeatedItem> items = {{{kWin, kWin}}, {{kWin, kLoss}}, {{kLoss, kLoss}}, {{kTie, kWin}}};
  EXPECT_DOUBLE_EQ(repeated_win_rate(items), 4.5 / 8);
  Rng rng(2);
  const double one_level = variance(bootstrap_repeated_win_rates(items, false, 200000, rng));
  const double two_level = variance(bootstrap_repeated_win_rates(items, true, 200000, rng));
  EXPECT_NEAR(one_level, 0.0341796875, 0.0341796875 * 0.02);
  EXPECT_NEAR(two_level, 0.0341796875 + 0.009765625, 0.0439453125 * 0.02);
}

// The same items: sample variances (divisor 1) of the repeats 0, 1/2, 0, 1/8 sum to
// 5/8, over 4 judged items per repeat: sqrt(5/8) / 4.
TEST(JudgeRepeats, JudgeNoiseIsTheRepeatsSampleVarianceOverItems) {
  const std::vector<RepeatedItem> items = {{{kWin, kWin}}, {{kWin, kLoss}}, {{kLoss, kLoss}}, {{kTie, kWin}}};
  EXPECT_DOUBLE_EQ(judge_noise_sd(items), std::sqrt(0.625) / 4);
  EXPECT_EQ(judge_noise_sd({{{kWin}}, {{kLoss}}}), 0.0);  // one repeat each: no noise seen
}

// Item one: a game won three times (stable) and one won, lost, won (not). Item two: a
// game tied three times (stable) and one with an unread verdict (left out). Item three:
// a game with two of the three repeats (left out). Two of three games are stable.
TEST(JudgeRepeats, StabilityCountsGamesReadInEveryRepeatWithOneVerdict) {
  using O = Outcome;
  const std::vector<std::vector<RepeatedGame>> items = {
      {{{O::kWin, O::kWin, O::kWin}}, {{O::kWin, O::kLoss, O::kWin}}},
      {{{O::kTie, O::kTie, O::kTie}}, {{O::kWin, O::kUnparsed, O::kWin}}},
      {{{O::kLoss, O::kLoss}}}};
  Rng rng(3);
  const RepetitionStability stability = repetition_stability(items, 3, 1000, rng);
  EXPECT_EQ(stability.games, 3);
  EXPECT_EQ(stability.stable, 2);
  EXPECT_DOUBLE_EQ(stability.share(), 2.0 / 3);
  // Items resampled: item one alone gives 1/2, item two alone 1, so both ends are reached.
  EXPECT_DOUBLE_EQ(stability.ci95.low, 0.5);
  EXPECT_DOUBLE_EQ(stability.ci95.high, 1.0);
}

// A judge whose considered verdict on an item is a win (45%), a tie (20%) or a loss
// (35%), and whose every repeat flips a win or a loss with probability f = 0.2 (ties
// stay), k = 3 repeats, n = 1000 items. The item mean over its repeats has variance
// (1 - 0.2) f (1 - f) / k + Var(m), m = 1 - f, 1/2, f by verdict: 0.0426667 + 0.0711 =
// 0.1137667, so the one-level variance is 0.1137667 / n. A decisive item's k repeat
// scores have expected variance (k - 1) / k f (1 - f), so the two-level bootstrap adds
// 0.8 x 2/3 x 0.16 / (n k) = 2.8444e-5: sd 0.010666 -> 0.011925, 11.8% wider. A
// decisive game is stable with probability (1 - f)^3 + f^3 = 0.52, a tie always:
// stability 0.8 x 0.52 + 0.2 = 0.616.
TEST(JudgeRepeats, TwoLevelBootstrapWidensByThePredictedJudgeNoise) {
  constexpr int kItems = 1000, kRepeats = 3;
  constexpr double kFlip = 0.2;
  Rng world(11);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<RepeatedItem> items(kItems);
  std::vector<std::vector<RepeatedGame>> games(kItems);
  for (int i = 0; i < kItems; ++i) {
    const double draw = uniform(world);
    const Outcome considered = draw < 0.45 ? Outcome::kWin : draw < 0.65 ? Outcome::kTie : Outcome::kLoss;
    RepeatedGame game;
    for (int r = 0; r < kRepeats; ++r) {
      const bool flips = uniform(world) < kFlip;
      const Outcome verdict = flips && considered != Outcome::kTie ? reversed(considered) : considered;
      WinTally tally;
      tally.add(verdict);
      items[i].repeats.push_back(tally);
      game.verdicts.push_back(verdict);
    }
    games[i].push_back(game);
  }
  const double predicted_one_level = (0.8 * kFlip * (1 - kFlip) / kRepeats + 0.0711) / kItems;
  const double predicted_increment = 0.8 * (kRepeats - 1.0) / kRepeats * kFlip * (1 - kFlip) / (kItems * kRepeats);
  Rng rng(12);
  const double one_level = variance(bootstrap_repeated_win_rates(items, false, 20000, rng));
  const double two_level = variance(bootstrap_repeated_win_rates(items, true, 20000, rng));
  EXPECT_NEAR(one_level, predicted_one_level, predicted_one_level * 0.1);
  EXPECT_NEAR(two_level - one_level, predicted_increment, predicted_increment * 0.25);
  // The intervals as reported: the two-level one wider by the predicted ratio.
  const Interval narrow = repeated_win_rate_interval(items, false, 4000, rng);
  const Interval wide = repeated_win_rate_interval(items, true, 4000, rng);
  const double predicted_ratio = std::sqrt(1 + predicted_increment / predicted_one_level);
  EXPECT_NEAR((wide.high - wide.low) / (narrow.high - narrow.low), predicted_ratio, 0.06);

  const RepetitionStability stability = repetition_stability(games, kRepeats, 2000, rng);
  const double truth = 0.8 * (std::pow(1 - kFlip, 3) + std::pow(kFlip, 3)) + 0.2;
  EXPECT_EQ(stability.games, kItems);
  EXPECT_LE(stability.ci95.low, truth);
  EXPECT_GE(stability.ci95.high, truth);
  EXPECT_NEAR(stability.share(), truth, 0.05);
}

}  // namespace
}  // namespace evolbench
