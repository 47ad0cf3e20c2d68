#include "stats/bradley_terry.h"

#include <cmath>
#include <cstdlib>

#include <gtest/gtest.h>

#include "support/simulation.h"

#include "stats/logistic_regression.h"

namespace evolbench {
namespace {

using testing::simulated_trials;

void add_battles(BattleTable& table, const std::string& a, const std::string& b, int wins_a,
                 int wins_b, int ties) {
  const int x = table.model_index(a), y = table.model_index(b);
  for (int i = 0; i < wins_a; ++i) table.add(x, y, BattleWinner::kModelA);
  for (int i = 0; i < wins_b; ++i) table.add(x, y, BattleWinner::kModelB);
  for (int i = 0; i < ties; ++i) table.add(x, y, BattleWinner::kTie);
}

const Rating& rating_of(const std::vector<Rating>& ratings, const std::string& model) {
  for (const auto& rating : ratings)
    if (rating.model == model) return rating;
  throw std::out_of_range(model);
}

RatingOptions plain_maximum_likelihood(const std::string& anchor, int rounds = 0) {
  RatingOptions options;
  options.anchor = anchor;
  options.rounds = rounds;
  options.prior_precision = 0.0;
  return options;
}

// 3 wins of 4: theta_x - theta_y = ln 3, so x is 400 * log10(3) = 190.85 Elo above y.
TEST(BradleyTerry, ThreeWinsOfFourIsLog3) {
  BattleTable table;
  add_battles(table, "x", "y", 3, 1, 0);
  Rng rng(1);
  auto ratings = rate_models(table, plain_maximum_likelihood("y"), rng);
  ASSERT_TRUE(ratings.ok()) << ratings.error().message;
  EXPECT_NEAR(rating_of(*ratings, "y").elo, 1000.0, 1e-9);
  EXPECT_NEAR(rating_of(*ratings, "x").elo, 1000.0 + 400.0 * std::log10(3.0), 1e-6);
  EXPECT_NEAR(rating_of(*ratings, "x").win_rate_vs_anchor, 0.75, 1e-9);
  EXPECT_EQ(ratings->front().model, "x");  // best first
}

// Soft outcomes: x's shares of a win over y are 0.9, 0.7 and 0.8. Without a prior the
// fit sets P(x beats y) to their mean, 0.8: theta_x - theta_y = ln 4, 400 * log10(4) =
// 240.82 Elo.
TEST(BradleyTerry, SoftBattlesFitTheirMeanShare) {
  BattleTable table;
  const int x = table.model_index("x"), y = table.model_index("y");
  table.add_soft(x, y, {}, 0.9);
  table.add_soft(y, x, {}, 0.3);  // x's share 0.7, seen from y
  table.add_soft(x, y, {}, 0.8);
  EXPECT_EQ(table.battles(), 3);
  Rng rng(1);
  auto ratings = rate_models(table, plain_maximum_likelihood("y"), rng);
  ASSERT_TRUE(ratings.ok()) << ratings.error().message;
  EXPECT_NEAR(rating_of(*ratings, "x").elo, 1000.0 + 400.0 * std::log10(4.0), 1e-6);
  EXPECT_NEAR(rating_of(*ratings, "x").win_rate_vs_anchor, 0.8, 1e-9);
}

// Shares of exactly 1, 0 and 1/2 are a win, a loss and a tie: the same rating.
TEST(BradleyTerry, SoftSharesOfOneZeroAndHalfAreWinsLossesAndTies) {
  BattleTable hard, soft;
  add_battles(hard, "x", "y", 3, 1, 2);
  const int x = soft.model_index("x"), y = soft.model_index("y");
  for (const double share : {1.0, 1.0, 1.0, 0.0, 0.5, 0.5}) soft.add_soft(x, y, {}, share);
  Rng hard_rng(1), soft_rng(1);
  auto hard_ratings = rate_models(hard, plain_maximum_likelihood("y"), hard_rng);
  auto soft_ratings = rate_models(soft, plain_maximum_likelihood("y"), soft_rng);
  ASSERT_TRUE(hard_ratings.ok() && soft_ratings.ok());
  EXPECT_NEAR(rating_of(*soft_ratings, "x").elo, rating_of(*hard_ratings, "x").elo, 1e-9);
}

// A chain with ties as half a win: x-y 2 wins 2 ties (score 3 of 4), y-z the same. A tree
// is saturated, so each link is ln 3: x = 1000 + 2 * 190.85 over the anchor z.
TEST(BradleyTerry, TiesCountHalfAWinEachWay) {
  BattleTable table;
  add_battles(table, "x", "y", 2, 0, 2);
  add_battles(table, "z", "y", 0, 2, 2);
  Rng rng(1);
  auto ratings = rate_models(table, plain_maximum_likelihood("z"), rng);
  ASSERT_TRUE(ratings.ok()) << ratings.error().message;
  EXPECT_NEAR(rating_of(*ratings, "y").elo, 1000.0 + 400.0 * std::log10(3.0), 1e-6);
  EXPECT_NEAR(rating_of(*ratings, "x").elo, 1000.0 + 800.0 * std::log10(3.0), 1e-6);
}

// Triangle x>y>z>x each 3:1 is symmetric: every model the same rating.
TEST(BradleyTerry, CycleGivesEqualRatings) {
  BattleTable table;
  add_battles(table, "x", "y", 3, 1, 0);
  add_battles(table, "y", "z", 3, 1, 0);
  add_battles(table, "z", "x", 3, 1, 0);
  Rng rng(1);
  auto ratings = rate_models(table, plain_maximum_likelihood(""), rng);
  ASSERT_TRUE(ratings.ok()) << ratings.error().message;
  for (const auto& rating : *ratings) EXPECT_NEAR(rating.elo, 1000.0, 1e-6);
}

TEST(BradleyTerry, AnchorOnlyShiftsTheScale) {
  BattleTable table;
  add_battles(table, "x", "y", 7, 3, 2);
  add_battles(table, "y", "z", 5, 4, 1);
  add_battles(table, "x", "z", 6, 2, 0);
  Rng rng(1);
  auto by_x = rate_models(table, {"x", 0, kRatingPriorPrecision, 0}, rng);
  auto by_z = rate_models(table, {"z", 0, kRatingPriorPrecision, 0}, rng);
  ASSERT_TRUE(by_x.ok() && by_z.ok());
  EXPECT_NEAR(rating_of(*by_x, "x").elo, 1000.0, 1e-9);
  EXPECT_NEAR(rating_of(*by_z, "z").elo, 1000.0, 1e-9);
  EXPECT_NEAR(rating_of(*by_x, "y").elo - rating_of(*by_x, "z").elo,
              rating_of(*by_z, "y").elo - rating_of(*by_z, "z").elo, 1e-6);
}

// x never loses: plain maximum likelihood has no finite answer; the prior gives one,
// above everyone else.
TEST(BradleyTerry, ModelThatNeverLosesGetsAFiniteRatingFromThePrior) {
  BattleTable table;
  add_battles(table, "x", "y", 10, 0, 0);
  add_battles(table, "y", "z", 5, 5, 0);
  Rng rng(1);
  EXPECT_FALSE(rate_models(table, plain_maximum_likelihood("y"), rng).ok());
  auto ratings = rate_models(table, {"y", 200, kRatingPriorPrecision, 0}, rng);
  ASSERT_TRUE(ratings.ok()) << ratings.error().message;
  const Rating& x = rating_of(*ratings, "x");
  EXPECT_TRUE(std::isfinite(x.elo));
  EXPECT_GT(x.elo, 1000.0 + 400.0);  // 10-0 is strong evidence
  EXPECT_LT(x.elo, 1000.0 + 3000.0);
  EXPECT_EQ(ratings->front().model, "x");
}

TEST(BradleyTerry, DisconnectedGraphIsAnErrorNamingTheComponents) {
  BattleTable table;
  add_battles(table, "a", "b", 2, 1, 0);
  add_battles(table, "c", "d", 1, 1, 1);
  Rng rng(1);
  auto ratings = rate_models(table, {}, rng);
  ASSERT_FALSE(ratings.ok());
  EXPECT_EQ(ratings.error().message,
            "the comparison graph is disconnected: {a, b} and {c, d} never met; ratings across "
            "them would mean nothing");
}

TEST(BradleyTerry, UnknownAnchorIsAnError) {
  BattleTable table;
  add_battles(table, "a", "b", 2, 1, 0);
  Rng rng(1);
  auto ratings = rate_models(table, {"nobody", 0, kRatingPriorPrecision, 0}, rng);
  ASSERT_FALSE(ratings.ok());
  EXPECT_EQ(ratings.error().message, "anchor model 'nobody' has no battles");
}

TEST(BradleyTerry, EmptyTableIsAnError) {
  Rng rng(1);
  EXPECT_FALSE(rate_models(BattleTable{}, {}, rng).ok());
}

// Battles drawn from known strengths; model 0 is the anchor.
struct Arena {
  std::vector<double> theta;  // true logits
  BattleTable table;
  std::vector<std::array<int, 3>> battles;  // a, b, outcome for a (1 win, 0 loss, 2 tie)
};

Arena simulate_arena(const std::vector<double>& theta, int battles_per_pair, double tie_share,
                     Rng& rng) {
  Arena arena;
  arena.theta = theta;
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const int models = static_cast<int>(theta.size());
  for (int i = 0; i < models; ++i) arena.table.model_index("m" + std::to_string(i));
  for (int a = 0; a < models; ++a)
    for (int b = a + 1; b < models; ++b)
      for (int k = 0; k < battles_per_pair; ++k) {
        // A tie takes probability equally from both sides, so the expected score of a stays
        // logistic(theta_a - theta_b): the model the ratings assume.
        const double p = logistic(theta[a] - theta[b]);
        const double u = uniform(rng);
        const double half_tie = tie_share * std::min(p, 1.0 - p);
        const int outcome = u < p - half_tie ? 1 : u < p + half_tie ? 2 : 0;
        arena.table.add(a, b, outcome == 1   ? BattleWinner::kModelA
                              : outcome == 0 ? BattleWinner::kModelB
                                             : BattleWinner::kTie);
        arena.battles.push_back({a, b, outcome});
      }
  return arena;
}

// The same battles fitted one row per battle by plain (unpenalised) logistic regression,
// anchor column dropped, a tie as target 1/2: the Chatbot Arena way. Elo of every model.
std::vector<double> logistic_regression_elo(const Arena& arena) {
  const auto models = static_cast<Eigen::Index>(arena.theta.size());
  const auto rows = static_cast<Eigen::Index>(arena.battles.size());
  Eigen::MatrixXd features = Eigen::MatrixXd::Zero(rows, models - 1);
  Eigen::VectorXd targets(rows);
  for (Eigen::Index r = 0; r < rows; ++r) {
    const auto& [a, b, outcome] = arena.battles[r];
    if (a > 0) features(r, a - 1) = 1.0;
    if (b > 0) features(r, b - 1) = -1.0;
    targets[r] = outcome == 1 ? 1.0 : outcome == 0 ? 0.0 : 0.5;
  }
  const auto fit = fit_logistic(features, targets, Eigen::VectorXd::Zero(models - 1));
  EXPECT_TRUE(fit.ok());
  std::vector<double> elo = {kAnchorElo};
  for (Eigen::Index i = 0; i + 1 < models; ++i) elo.push_back(kAnchorElo + kEloPerLogit * fit->coefficients[i]);
  return elo;
}

TEST(BradleyTerry, AgreesWithPlainLogisticRegressionWithinHalfAnElo) {
  Rng rng(21);
  const Arena arena = simulate_arena({0.0, 0.8, -0.5, 1.5, 0.3, -1.2}, 300, 0.3, rng);
  auto ratings = rate_models(arena.table, {"m0", 0, kRatingPriorPrecision, 0}, rng);
  ASSERT_TRUE(ratings.ok()) << ratings.error().message;
  const std::vector<double> expected = logistic_regression_elo(arena);
  for (std::size_t i = 0; i < expected.size(); ++i)
    EXPECT_NEAR(rating_of(*ratings, "m" + std::to_string(i)).elo, expected[i], 0.5) << "m" << i;
}

TEST(BradleyTerry, IntervalsHoldTheEstimateAndNarrowWithMoreBattles) {
  Rng rng(5);
  const std::vector<double> theta = {0.0, 0.5, -0.5, 1.0};
  const Arena small = simulate_arena(theta, 100, 0.2, rng);
  const Arena large = simulate_arena(theta, 400, 0.2, rng);
  auto small_ratings = rate_models(small.table, {"m0", 1000, kRatingPriorPrecision, 0}, rng);
  auto large_ratings = rate_models(large.table, {"m0", 1000, kRatingPriorPrecision, 0}, rng);
  ASSERT_TRUE(small_ratings.ok() && large_ratings.ok());
  for (const auto& rating : *small_ratings) {
    EXPECT_LE(rating.ci95.low, rating.elo);
    EXPECT_GE(rating.ci95.high, rating.elo);
  }
  // Four times the battles: half the width, within bootstrap noise.
  const Rating& small_m3 = rating_of(*small_ratings, "m3");
  const Rating& large_m3 = rating_of(*large_ratings, "m3");
  const double ratio = (large_m3.ci95.high - large_m3.ci95.low) / (small_m3.ci95.high - small_m3.ci95.low);
  EXPECT_NEAR(ratio, 0.5, 0.08);
  // The anchor is fixed in every round.
  EXPECT_EQ(rating_of(*small_ratings, "m0").ci95.low, 1000.0);
  EXPECT_EQ(rating_of(*small_ratings, "m0").ci95.high, 1000.0);
}

TEST(BradleyTerry, SameSeedSameIntervals) {
  Rng simulation(8);
  const Arena arena = simulate_arena({0.0, 0.4, -0.3}, 50, 0.2, simulation);
  Rng first(3), second(3);
  auto a = rate_models(arena.table, {"m0", 300, kRatingPriorPrecision, 0}, first);
  auto b = rate_models(arena.table, {"m0", 300, kRatingPriorPrecision, 0}, second);
  ASSERT_TRUE(a.ok() && b.ok());
  for (std::size_t i = 0; i < a->size(); ++i) {
    EXPECT_EQ((*a)[i].ci95.low, (*b)[i].ci95.low);
    EXPECT_EQ((*a)[i].ci95.high, (*b)[i].ci95.high);
  }
}

// A round's draws come from its own seed, so sharing the rounds out changes nothing.
TEST(BradleyTerry, IntervalsAreTheSameWhateverTheThreads) {
  Rng simulation(8);
  const Arena arena = simulate_arena({0.0, 0.4, -0.3, 0.9}, 50, 0.2, simulation);
  std::vector<std::vector<Rating>> by_threads;
  for (const int threads : {1, 2, 7}) {
    Rng rng(3);
    auto ratings = rate_models(arena.table, {"m0", 300, kRatingPriorPrecision, threads}, rng);
    ASSERT_TRUE(ratings.ok()) << ratings.error().message;
    by_threads.push_back(*ratings);
  }
  EXPECT_EQ(by_threads[1], by_threads[0]);
  EXPECT_EQ(by_threads[2], by_threads[0]);
}

// Arenas with known strengths: the 95% intervals of the non-anchor models should cover the
// true Elo (relative to the anchor) 93-97% of the time.
TEST(BradleyTerry, IntervalsCoverTheTruthAbout95PercentOfTheTime) {
  Rng rng(42);
  std::normal_distribution<double> strength(0.0, 0.7);
  const int arenas = simulated_trials(200);
  const int models = 8;
  int covered = 0, intervals = 0;
  for (int trial = 0; trial < arenas; ++trial) {
    std::vector<double> theta(models);
    for (double& t : theta) t = strength(rng);
    const Arena arena = simulate_arena(theta, 60, 0.2, rng);
    auto ratings = rate_models(arena.table, {"m0", 300, kRatingPriorPrecision, 0}, rng);
    ASSERT_TRUE(ratings.ok()) << ratings.error().message;
    for (int i = 1; i < models; ++i) {
      const Rating& rating = rating_of(*ratings, "m" + std::to_string(i));
      const double truth = kAnchorElo + kEloPerLogit * (theta[i] - theta[0]);
      covered += rating.ci95.low <= truth && truth <= rating.ci95.high;
      ++intervals;
    }
  }
  const double coverage = double(covered) / intervals;
  RecordProperty("rating_coverage", std::to_string(coverage));
  std::printf("rating interval coverage over %d arenas (%d intervals): %.3f\n", arenas, intervals,
              coverage);
  EXPECT_GE(coverage, 0.93);
  EXPECT_LE(coverage, 0.97);
}

}  // namespace
}  // namespace evolbench
