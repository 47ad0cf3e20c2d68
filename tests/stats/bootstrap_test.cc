#include "stats/bootstrap.h"

#include <cmath>
#include <cstdlib>
#include <numeric>

#include <gtest/gtest.h>

#include "support/simulation.h"

namespace evolbench {
namespace {

using testing::simulated_trials;

TEST(ResampleCounts, KeepsTheTotalAndLeavesEmptyCellsEmpty) {
  Rng rng(1);
  const std::vector<int> counts = {5, 0, 12, 3, 0};
  std::vector<int> drawn(counts.size());
  for (int round = 0; round < 100; ++round) {
    resample_counts(counts, rng, drawn);
    EXPECT_EQ(std::accumulate(drawn.begin(), drawn.end(), 0), 20);
    EXPECT_EQ(drawn[1], 0);
    EXPECT_EQ(drawn[4], 0);
  }
}

// A cell holding 30 of 100 units is Binomial(100, .3): mean 30, variance 100 * .3 * .7 = 21.
TEST(ResampleCounts, CellIsBinomialWithItsShare) {
  Rng rng(2);
  const std::vector<int> counts = {30, 50, 20};
  std::vector<int> drawn(3);
  const int rounds = 20000;
  double sum = 0, sum_squares = 0;
  for (int round = 0; round < rounds; ++round) {
    resample_counts(counts, rng, drawn);
    sum += drawn[0];
    sum_squares += double(drawn[0]) * drawn[0];
  }
  const double mean = sum / rounds;
  EXPECT_NEAR(mean, 30.0, 0.15);
  EXPECT_NEAR(sum_squares / rounds - mean * mean, 21.0, 1.0);
}

TEST(ResampleUnits, UnitsListEachCellByItsCount) {
  EXPECT_EQ(units_of_counts(std::vector<int>{2, 0, 1}), (std::vector<int>{0, 0, 2}));
  EXPECT_TRUE(units_of_counts(std::vector<int>{0, 0}).empty());
}

// Drawing units one by one is the same multinomial as resample_counts: the cell holding
// 30 of 100 units is Binomial(100, .3), mean 30 and variance 21; empty cells stay empty.
TEST(ResampleUnits, CellIsBinomialWithItsShareAndTheTotalIsKept) {
  Rng rng(2);
  const std::vector<int> counts = {30, 0, 50, 20};
  const std::vector<int> units = units_of_counts(counts);
  std::vector<int> drawn(counts.size()), draws(units.size());
  const int rounds = 20000;
  double sum = 0, sum_squares = 0;
  for (int round = 0; round < rounds; ++round) {
    resample_units(units, rng, draws, drawn);
    ASSERT_EQ(std::accumulate(drawn.begin(), drawn.end(), 0), 100);
    ASSERT_EQ(drawn[1], 0);
    sum += drawn[0];
    sum_squares += double(drawn[0]) * drawn[0];
  }
  const double mean = sum / rounds;
  EXPECT_NEAR(mean, 30.0, 0.15);
  EXPECT_NEAR(sum_squares / rounds - mean * mean, 21.0, 1.0);
}

TEST(Quantile, InterpolatesBetweenOrderStatistics) {
  std::vector<double> values = {5, 1, 4, 2, 3};
  EXPECT_DOUBLE_EQ(quantile(values, 0.5), 3.0);
  EXPECT_DOUBLE_EQ(quantile(values, 0.25), 2.0);
  EXPECT_DOUBLE_EQ(quantile(values, 0.1), 1.4);  // position 0.4 between 1 and 2
  EXPECT_DOUBLE_EQ(quantile(values, 1.0), 5.0);
}

// 60 wins, 40 losses: the bootstrap win rate is about Normal(.6, sqrt(.6 * .4 / 100) = .049),
// so the 95% interval is about .6 -+ 1.96 * .049 = [.504, .696].
TEST(BootstrapWinRate, MatchesTheNormalApproximation) {
  Rng rng(3);
  const Interval ci = bootstrap_win_rate_interval(WinTally{60, 0, 40}, 4000, rng);
  EXPECT_NEAR(ci.low, 0.504, 0.015);
  EXPECT_NEAR(ci.high, 0.696, 0.015);
}

TEST(BootstrapWinRate, SameSeedSameInterval) {
  Rng first(9), second(9), other(10);
  const WinTally tally{12, 5, 8};
  const Interval a = bootstrap_win_rate_interval(tally, 500, first);
  const Interval b = bootstrap_win_rate_interval(tally, 500, second);
  const Interval c = bootstrap_win_rate_interval(tally, 500, other);
  EXPECT_EQ(a.low, b.low);
  EXPECT_EQ(a.high, b.high);
  EXPECT_TRUE(a.low != c.low || a.high != c.high);
}

TEST(BootstrapWinRate, AllWinsHasNoSpread) {
  Rng rng(4);
  const Interval ci = bootstrap_win_rate_interval(WinTally{15, 0, 0}, 200, rng);
  EXPECT_EQ(ci.low, 1.0);
  EXPECT_EQ(ci.high, 1.0);
}

TEST(BootstrapWinRate, EmptyTallyIsWholeRange) {
  Rng rng(5);
  const Interval ci = bootstrap_win_rate_interval(WinTally{}, 200, rng);
  EXPECT_EQ(ci.low, 0.0);
  EXPECT_EQ(ci.high, 1.0);
}

// Two items of soft shares 0.2 and 0.8: a bootstrap sample's mean is 0.2 (both draws the
// first, probability 1/4), 0.5 (1/2) or 0.8 (1/4), so the 2.5% and 97.5% quantiles over
// many rounds are 0.2 and 0.8. A verdict bootstrap of the same items (a loss and a win)
// would give [0, 1].
TEST(BootstrapSoftWinRate, ResamplesTheItemsSoftSharesByHand) {
  const std::vector<SoftItem> items = {{0.2, 1}, {0.8, 1}};
  Rng rng(1);
  const Interval ci = bootstrap_soft_win_rate_interval(items, 2000, rng);
  EXPECT_DOUBLE_EQ(ci.low, 0.2);
  EXPECT_DOUBLE_EQ(ci.high, 0.8);
}

// An item of two turns (0.9 + 0.5) weighs as two turns: every sample of it alone is 0.7.
TEST(BootstrapSoftWinRate, AnItemsTurnsAreDrawnTogether) {
  Rng rng(1);
  const Interval ci = bootstrap_soft_win_rate_interval(std::vector<SoftItem>{{1.4, 2}}, 100, rng);
  EXPECT_DOUBLE_EQ(ci.low, 0.7);
  EXPECT_DOUBLE_EQ(ci.high, 0.7);
}

TEST(BootstrapSoftWinRate, NoItemsIsWholeRange) {
  Rng rng(1);
  EXPECT_EQ(bootstrap_soft_win_rate_interval({}, 100, rng), (Interval{0.0, 1.0}));
}

TEST(BootstrapWinRateOverItems, ItemsOfOneTurnDrawAsTheirPooledTally) {
  std::vector<WinTally> items(12, WinTally{1, 0, 0});
  items.insert(items.end(), 5, WinTally{0, 1, 0});
  items.insert(items.end(), 8, WinTally{0, 0, 1});
  Rng by_items(9), by_tally(9);
  const Interval a = bootstrap_win_rate_interval(std::span<const WinTally>(items), 500, by_items);
  const Interval b = bootstrap_win_rate_interval(WinTally{12, 5, 8}, 500, by_tally);
  EXPECT_EQ(a.low, b.low);
  EXPECT_EQ(a.high, b.high);
}

// 100 items of two turns each, 60 won on both turns and 40 lost on both: the pooled
// rate is .6 over 200 judgments, but the turns of an item move together, so the
// spread is that of 100 items, .049 (as in MatchesTheNormalApproximation), not
// sqrt(.24 / 200) = .035: the interval is about .6 -+ .096, not .6 -+ .068.
TEST(BootstrapWinRateOverItems, TurnsThatMoveTogetherWidenTheIntervalToTheItemsCount) {
  std::vector<WinTally> items(60, WinTally{2, 0, 0});
  items.insert(items.end(), 40, WinTally{0, 0, 2});
  Rng rng(3);
  const Interval ci = bootstrap_win_rate_interval(std::span<const WinTally>(items), 4000, rng);
  EXPECT_NEAR(ci.low, 0.504, 0.015);
  EXPECT_NEAR(ci.high, 0.696, 0.015);
}

// Pairs judged on 200 items with P(win) = .45, P(tie) = .2: the true win rate is .55.
// Both the bootstrap and the Wilson 95% intervals should cover it 93-97% of the time.
TEST(WinRateIntervals, CoverTheTrueWinRateAbout95PercentOfTheTime) {
  Rng rng(11);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const int trials = simulated_trials(1000);
  const double true_win_rate = 0.45 + 0.2 / 2;
  int bootstrap_covered = 0, wilson_covered = 0;
  for (int trial = 0; trial < trials; ++trial) {
    WinTally tally;
    for (int item = 0; item < 200; ++item) {
      const double u = uniform(rng);
      tally.add(u < 0.45 ? Outcome::kWin : u < 0.65 ? Outcome::kTie : Outcome::kLoss);
    }
    const Interval bootstrap = bootstrap_win_rate_interval(tally, 400, rng);
    const Interval wilson = win_rate_interval(tally);
    bootstrap_covered += bootstrap.low <= true_win_rate && true_win_rate <= bootstrap.high;
    wilson_covered += wilson.low <= true_win_rate && true_win_rate <= wilson.high;
  }
  const double bootstrap_coverage = double(bootstrap_covered) / trials;
  const double wilson_coverage = double(wilson_covered) / trials;
  RecordProperty("bootstrap_coverage", std::to_string(bootstrap_coverage));
  RecordProperty("wilson_coverage", std::to_string(wilson_coverage));
  std::printf("win-rate interval coverage over %d pairs: bootstrap %.3f, Wilson %.3f\n", trials,
              bootstrap_coverage, wilson_coverage);
  EXPECT_GE(bootstrap_coverage, 0.93);
  EXPECT_LE(bootstrap_coverage, 0.97);
  // Wilson treats a tie as half a Bernoulli success, so it overstates the variance when
  // ties are common: it may cover more, never less.
  EXPECT_GE(wilson_coverage, 0.93);
}

}  // namespace
}  // namespace evolbench
