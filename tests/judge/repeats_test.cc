// Judge repeats (plan judge.repeats): every game asked k times with its own sampling
// seed, each repeat stored on its own, the first exactly as a run without repeats asks.
#include <gtest/gtest.h>

#include <map>

#include "judge/judge_calls.h"
#include "judge/pairwise.h"
#include "judge_test_world.h"
#include "llm/cached_model.h"

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
