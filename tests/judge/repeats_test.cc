// Judge repeats (plan judge.repeats): every game asked k times with its own sampling
// seed, each repeat stored on its own, the first exactly as a run without repeats asks.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "judge/judge_calls.h"
#include "judge/pairwise.h"
#include "judge_test_world.h"
#include "llm/cached_model.h"
#include "stats/statistics.h"

namespace evolbench {
namespace {

TEST(JudgeRepeats, EachRepeatIsAskedWithItsOwnSeedAndTheFirstWithNone) {
  JudgeWorld world;
  world.add_items(5, {{"x", 0.4}, {"y", 0.0}});
  SimBackend sim(SimWorld{});
  CountingModel counting(sim);
  PairwiseOptions options;
  options.models = {"x", "y"};
  options.repeats = 3;
  const JudgeSpec judge = shipped_judge("pairwise.yaml");
  ASSERT_TRUE(judge_pairs(world.items(), options, judge, counting, world.store(), {}).ok());
  std::map<std::optional<std::int64_t>, int> asked_by_seed;
  for (const auto& request : counting.asked) ++asked_by_seed[request.params.seed];
  const std::map<std::optional<std::int64_t>, int> expected = {{std::nullopt, 10}, {1000, 10}, {2000, 10}};
  EXPECT_EQ(asked_by_seed, expected);  // 5 items x 2 orders per repeat
  std::map<int, int> judgments_by_repeat;
  for (const auto& j : world.judgments(judge.label())) ++judgments_by_repeat[j.repeat];
  EXPECT_EQ(judgments_by_repeat, (std::map<int, int>{{1, 5}, {2, 5}, {3, 5}}));
  EXPECT_EQ(world.games(judge.label()).size(), 30u);
  EXPECT_EQ(repeat_seed(1), std::nullopt);
}

// A run with one repeat, then the same with three: only the two new repeats are asked.
TEST(JudgeRepeats, MoreRepeatsLaterAskOnlyTheRepeatsNotStored) {
  JudgeWorld world;
  world.add_items(5, {{"x", 0.4}, {"y", 0.0}});
  SimBackend sim(SimWorld{});
  PairwiseOptions options;
  options.models = {"x", "y"};
  const JudgeSpec judge = shipped_judge("pairwise.yaml");
  CachedModel first_run(sim, world.store());
  ASSERT_TRUE(judge_pairs(world.items(), options, judge, first_run, world.store(), {}).ok());
  EXPECT_EQ(first_run.counts().made, 10);
  options.repeats = 3;
  CachedModel second_run(sim, world.store());
  ASSERT_TRUE(judge_pairs(world.items(), options, judge, second_run, world.store(), {}).ok());
  EXPECT_EQ(second_run.counts().made, 20);
  EXPECT_EQ(second_run.counts().cached, 0);
  CachedModel third_run(sim, world.store());
  ASSERT_TRUE(judge_pairs(world.items(), options, judge, third_run, world.store(), {}).ok());
  EXPECT_EQ(third_run.counts().made + third_run.counts().cached, 0);
}

// A simulated judge flipping with probability 0.3 gives two repeats of a game different
// verdicts with probability 2 x 0.3 x 0.7 = 0.42; over 400 games, within 0.07 (3 sd).
// Without a flip rate the seed redraws the whole verdict, as before.
TEST(JudgeRepeats, ASimulatedJudgesRepeatsDisagreeAtItsFlipRate) {
  JudgeWorld world;
  world.add_items(200, {{"x", 0.4}, {"y", 0.0}}, 1.0);
  SimWorld flipping;
  flipping.judge.flip_rate = 0.3;
  SimBackend sim(flipping);
  PairwiseOptions options;
  options.models = {"x", "y"};
  options.repeats = 2;
  const JudgeSpec judge = shipped_judge("pairwise.yaml");
  ASSERT_TRUE(judge_pairs(world.items(), options, judge, sim, world.store(), {}).ok());
  std::map<std::pair<std::string, bool>, std::vector<Outcome>> verdicts;
  for (const auto& game : world.games(judge.label()))
    verdicts[{game.item_id, game.a_shown_first}].push_back(game.outcome);
  ASSERT_EQ(verdicts.size(), 400u);
  int differ = 0;
  for (const auto& [game, outcomes] : verdicts) {
    ASSERT_EQ(outcomes.size(), 2u);
    differ += outcomes[0] != outcomes[1];
  }
  EXPECT_NEAR(differ / 400.0, 0.42, 0.07);
}

// Each game's verdict (for model x) with one order per item, judged in `world`.
std::map<std::string, Outcome> one_order_verdicts(const SimWorld& sim_world, int repeats, JudgeWorld& world) {
  SimBackend sim(sim_world);
  PairwiseOptions options;
  options.models = {"x", "y"};
  options.orders = OrderPolicy::kOneRandomOrder;
  options.repeats = repeats;
  const JudgeSpec judge = shipped_judge("pairwise.yaml");
  if (!judge_pairs(world.items(), options, judge, sim, world.store(), {}).ok()) std::abort();
  std::map<std::string, Outcome> verdicts;
  for (const auto& j : world.judgments(judge.label()))
    if (j.repeat == 1) verdicts[j.item_id] = j.outcome;
  return verdicts;
}

// The simulated judge with flip rate f = 0.25 judges 2000 items (one order each) three
// times. Its truth is read from two more judges of the same world: flip rate 1e-12
// gives each game's own verdict V, flip rate 1 its flipped one F. An item's repeat
// scores are then s(V) with probability 1 - f and s(F) with f: variance
// v_i = f (1 - f) (s(V) - s(F))^2, mean m_i. Resampling items gives the variance
// (Var_i(m_i) + mean(v_i) / k) / n; resampling the repeats too adds
// mean(v_i) (k - 1) / k / (n k). The reported intervals' widths must stand in the ratio
// those predict (1.155 here; the items drawn and the 20,000 rounds move the measured
// ratio by about 0.017 sd), and stability must hold (1 - f)^3 + f^3.
TEST(JudgeRepeats, ASimulatedFlippingJudgeWidensTheIntervalAsPredicted) {
  constexpr int kItems = 2000, kRepeats = 3;
  constexpr double kFlip = 0.25;
  const auto world_with = [](double flip_rate) {
    SimWorld sim_world;
    sim_world.judge.flip_rate = flip_rate;
    return sim_world;
  };
  JudgeWorld judged, own, flipped;
  for (JudgeWorld* world : {&judged, &own, &flipped}) world->add_items(kItems, {{"x", 0.3}, {"y", 0.0}}, 1.0);
  one_order_verdicts(world_with(kFlip), kRepeats, judged);
  const auto verdict = one_order_verdicts(world_with(1e-12), 1, own);
  const auto flip = one_order_verdicts(world_with(1.0), 1, flipped);
  ASSERT_EQ(verdict.size(), static_cast<std::size_t>(kItems));
  double mean_sum = 0.0, mean_squares = 0.0, repeat_variance = 0.0;
  for (const auto& [item_id, outcome] : verdict) {
    const double own_score = outcome_score(outcome), flipped_score = outcome_score(flip.at(item_id));
    const double mean = (1 - kFlip) * own_score + kFlip * flipped_score;
    mean_sum += mean;
    mean_squares += mean * mean;
    repeat_variance += kFlip * (1 - kFlip) * (own_score - flipped_score) * (own_score - flipped_score);
  }
  const double n = kItems;
  const double mean_variance = mean_squares / n - (mean_sum / n) * (mean_sum / n);
  const double one_level = (mean_variance + repeat_variance / n / kRepeats) / n;
  const double increment = repeat_variance / n * (kRepeats - 1.0) / kRepeats / (n * kRepeats);
  const double predicted_ratio = std::sqrt((one_level + increment) / one_level);

  Results results;
  results.pairs.push_back(PairResult{.model = "x", .opponent = "y"});
  auto games = judged.store().games(shipped_judge("pairwise.yaml").label());
  ASSERT_TRUE(games.ok());
  add_repeat_figures(judged.judgments(shipped_judge("pairwise.yaml").label()), *games,
                     StatisticsOptions{.rounds = 20000, .seed = 5, .anchor = ""}, results);
  ASSERT_TRUE(results.pairs[0].repeats);
  const RepeatFigures& figures = *results.pairs[0].repeats;
  const auto width = [](const Interval& interval) { return interval.high - interval.low; };
  const double ratio = width(figures.two_level_ci95) / width(figures.one_level_ci95);
  EXPECT_GT(predicted_ratio, 1.05);  // the judge's noise is there to be seen
  EXPECT_NEAR(ratio, predicted_ratio, 0.05) << "one-level " << width(figures.one_level_ci95) << ", two-level "
                                            << width(figures.two_level_ci95);
  EXPECT_NEAR(width(figures.one_level_ci95), 2 * kZ95 * std::sqrt(one_level), 0.1 * 2 * kZ95 * std::sqrt(one_level));

  const double stability = std::pow(1 - kFlip, 3) + std::pow(kFlip, 3);
  EXPECT_EQ(figures.games, kItems);
  EXPECT_LE(figures.stability_ci95.low, stability);
  EXPECT_GE(figures.stability_ci95.high, stability);
}

TEST(JudgeRepeats, ASingleJudgeRefusesRepeats) {
  JudgeWorld world;
  world.add_items(2, {{"x", 0.4}, {"y", 0.0}});
  SimBackend sim(SimWorld{});
  PairwiseOptions options;
  options.models = {"x", "y"};
  options.repeats = 2;
  const auto result = judge_pairs(world.items(), options, shipped_judge("single.yaml"), sim, world.store(), {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, Error::Kind::kInput);
  EXPECT_NE(result.error().message.find("judge.repeats"), std::string::npos);
}

}  // namespace
}  // namespace evolbench

namespace evolbench {
namespace {

// A panel of two simulated judges with two repeats: each member's judgments and the
// panel's are stored per repeat.
TEST(JudgeRepeats, APanelCombinesEachRepeatApart) {
  JudgeWorld world;
  world.add_items(4, {{"x", 0.4}, {"y", 0.0}});
  SimWorld panel_world;
  panel_world.judges = {{"j1", SimJudge{}}, {"j2", SimJudge{}}};
  SimBackend sim(panel_world);
  PairwiseOptions options;
  options.models = {"x", "y"};
  options.panel = {"j1", "j2"};
  options.repeats = 2;
  const JudgeSpec judge = shipped_judge("pairwise.yaml");
  ASSERT_TRUE(judge_pairs(world.items(), options, judge, sim, world.store(), {}).ok());
  for (const std::string& label : {judge.label(), judge.label() + "/j1", judge.label() + "/j2"}) {
    std::map<int, int> by_repeat;
    for (const auto& j : world.judgments(label)) ++by_repeat[j.repeat];
    EXPECT_EQ(by_repeat, (std::map<int, int>{{1, 4}, {2, 4}})) << label;
  }
}

}  // namespace
}  // namespace evolbench
