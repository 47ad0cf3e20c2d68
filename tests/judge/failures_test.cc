// Failures are not results: a judge reply with no verdict is never cached and makes no
// judgment; it is recorded as a failure, and the next run asks again and judges it.
#include <gtest/gtest.h>

#include "judge/pairwise.h"
#include "judge_test_world.h"
#include "llm/cached_model.h"

namespace evolbench {
namespace {

// The simulated judge behind a fixed endpoint kind (so both runs share cache keys),
// replying with no verdict to every second request while `garbled` is set.
class GarblingJudge : public ChatModel {
 public:
  explicit GarblingJudge(ChatModel& inner) : inner_(inner) {}
  std::string endpoint_kind() const override { return "garbling"; }
  void complete_batch(std::span<const CompletionRequest> requests, const CompletionCallback& done) override {
    inner_.complete_batch(requests, [&](std::size_t i, Result<Completion> completion) {
      if (garbled && completion.ok() && (++replies % 2 == 0)) completion->text = "I cannot decide.";
      done(i, std::move(completion));
    });
  }
  bool garbled = true;
  int replies = 0;

 private:
  ChatModel& inner_;
};

TEST(Failures, UnreadRepliesAreNeverCachedAndTheNextRunJudgesEveryItem) {
  JudgeWorld world;
  world.add_items(20, {{"x", 0.4}, {"y", 0.0}});
  SimBackend sim(SimWorld{});
  GarblingJudge endpoint(sim);
  const JudgeSpec judge = shipped_judge("pairwise.yaml");
  PairwiseOptions options;
  options.models = {"x", "y"};

  CachedModel first_run(endpoint, world.store());
  auto first = judge_pairs(world.items(), options, judge, first_run, world.store(), {});
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_GT(first_run.counts().failed, 0);  // unread replies, retries included
  EXPECT_LT(world.readable_judgments(judge.label()), 20u);
  auto failures = world.store().failures();
  ASSERT_TRUE(failures.ok());
  EXPECT_FALSE(failures->empty());
  // Only replies with a verdict are in the cache.
  auto calls = world.store().count_calls();
  ASSERT_TRUE(calls.ok());
  EXPECT_EQ(*calls, first_run.counts().made);

  endpoint.garbled = false;
  CachedModel second_run(endpoint, world.store());
  auto second = judge_pairs(world.items(), options, judge, second_run, world.store(), {});
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second_run.counts().failed, 0);
  EXPECT_EQ(world.judgments(judge.label()).size(), 20u);  // every item judged
  for (const auto& j : world.judgments(judge.label())) EXPECT_NE(j.outcome, Outcome::kUnparsed);
  failures = world.store().failures();
  ASSERT_TRUE(failures.ok());
  EXPECT_TRUE(failures->empty());
}

TEST(Failures, AGradeNeverReadIsAskedAgainNextRun) {
  JudgeWorld world;
  world.add_items(6, {{"x", 0.4}, {"y", 0.0}});
  SimBackend sim(SimWorld{});
  GarblingJudge endpoint(sim);
  const JudgeSpec judge = shipped_judge("single.yaml");
  PairwiseOptions options;
  options.models = {"x", "y"};
  CachedModel first_run(endpoint, world.store());
  ASSERT_TRUE(judge_pairs(world.items(), options, judge, first_run, world.store(), {}).ok());
  EXPECT_LT(world.readable_judgments(judge.label()), 6u);
  endpoint.garbled = false;
  CachedModel second_run(endpoint, world.store());
  ASSERT_TRUE(judge_pairs(world.items(), options, judge, second_run, world.store(), {}).ok());
  EXPECT_EQ(second_run.counts().failed, 0);
  EXPECT_EQ(world.judgments(judge.label()).size(), 6u);
}

}  // namespace
}  // namespace evolbench
