// The whole flow, as `evolbench demo` runs it, checked against the simulated truth.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/files.h"
#include "run/demo.h"
#include "run/pipeline.h"
#include "core/jsonl.h"
#include "report/results_json.h"

namespace evolbench {
namespace {

class Demo : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    out_ = (std::filesystem::temp_directory_path() / ("evolbench-demo-" + std::to_string(::getpid()))).string();
    std::filesystem::remove_all(out_);
    auto plan = demo_plan(7);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    plan_ = *plan;
    RunOptions options;
    options.out_dir = out_;
    options.progress = nullptr;
    auto results = run_plan(plan_, options);
    ASSERT_TRUE(results.ok()) << results.error().message;
    first_ = *results;
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(out_); }

  static inline std::string out_;
  static inline Plan plan_;
  static inline Results first_;
};

TEST_F(Demo, WritesEveryOutputFile) {
  for (const char* name : {"results.json", "leaderboard.csv", "by_difficulty.csv", "index.html",
                           "pool.jsonl", "testset.jsonl", "store.sqlite"})
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(out_) / name)) << name;
}

TEST_F(Demo, ResultsFileMatchesWhatTheRunReturned) {
  auto read = read_results(out_ + "/results.json");
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->schema, kResultsSchema);
  EXPECT_EQ(read->models, first_.models);
  EXPECT_EQ(read->pairs.size(), 6u);  // 3 models: every pair in both directions
  EXPECT_GT(read->run.calls_made, 0);
  EXPECT_EQ(read->run.calls_failed, 0);
}

// A rerun in the suite's folder, so every call comes from the store.
TEST_F(Demo, JsonGivesResultsJsonsLeaderboardAndTheTrueOrder) {
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  const int code = run_cli({"demo", "--out", out_, "-q", "--json"});
  const std::string out = ::testing::internal::GetCapturedStdout();
  const std::string err = ::testing::internal::GetCapturedStderr();
  ASSERT_EQ(code, kExitOk) << err;
  const auto document = nlohmann::json::parse(out);
  const auto results = nlohmann::json::parse(*read_file(out_ + "/results.json"));
  EXPECT_EQ(document["leaderboard"], results["leaderboard"]);
  EXPECT_EQ(document["run"], results["run"]);
  EXPECT_EQ(document["run"]["calls"]["made"], 0);
  auto items = read_items(out_ + "/testset.jsonl");
  ASSERT_TRUE(items.ok());
  EXPECT_EQ(document["true_order"], nlohmann::json(true_order(plan_, *items)));
  EXPECT_EQ(document["truth_recovered"], true);
  EXPECT_EQ(document["report"], (std::filesystem::absolute(out_) / "index.html").lexically_normal().string());
}

TEST_F(Demo, TestsetCoversEveryBucket) {
  auto items = read_items(out_ + "/testset.jsonl");
  ASSERT_TRUE(items.ok());
  std::map<std::string, int> per_bucket;
  for (const auto& item : *items) ++per_bucket[difficulty_bucket(item.difficulty)];
  for (const char* bucket : kBuckets) EXPECT_GE(per_bucket[bucket], 10) << bucket;
}

TEST_F(Demo, LeaderboardOrderIsTheTrueOrder) {
  auto items = read_items(out_ + "/testset.jsonl");
  ASSERT_TRUE(items.ok());
  const auto truth = true_order(plan_, *items);
  ASSERT_EQ(first_.leaderboard.size(), truth.size());
  for (std::size_t i = 0; i < truth.size(); ++i) EXPECT_EQ(first_.leaderboard[i].model, truth[i]);
}

TEST_F(Demo, StrongestBeatsWeakestBeyondDoubt) {
  for (const auto& pair : first_.pairs)
    if (pair.model == "sim-strong" && pair.opponent == "sim-weak") {
      EXPECT_GT(pair.overall.ci95.low, 0.5);
      EXPECT_EQ(pair.overall.tally.n() + pair.unparsed, first_.items);
      return;
    }
  FAIL() << "no sim-strong vs sim-weak pair";
}

TEST_F(Demo, PairDirectionsMirrorEachOther) {
  for (const auto& pair : first_.pairs)
    for (const auto& back : first_.pairs)
      if (pair.model == back.opponent && pair.opponent == back.model) {
        EXPECT_EQ(pair.overall.tally.wins, back.overall.tally.losses);
        EXPECT_EQ(pair.overall.tally.ties, back.overall.tally.ties);
      }
}

TEST_F(Demo, BrowserShowsTheJudgesOwnWordsForBothOrders) {
  ASSERT_FALSE(first_.browser.empty());
  for (const auto& item : first_.browser) {
    EXPECT_NE(item.judge_text_a_first.find("(simulated judge)"), std::string::npos) << item.item_id;
    EXPECT_NE(item.judge_text_b_first.find("(simulated judge)"), std::string::npos) << item.item_id;
  }
}

TEST_F(Demo, SecondRunMakesNoCallAndGivesTheSameResults) {
  RunOptions options;
  options.out_dir = out_;
  options.progress = nullptr;
  auto again = run_plan(plan_, options);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->run.calls_made, 0);
  ASSERT_EQ(again->pairs.size(), first_.pairs.size());
  for (std::size_t i = 0; i < first_.pairs.size(); ++i)
    EXPECT_EQ(again->pairs[i].overall.tally.wins, first_.pairs[i].overall.tally.wins);
}

TEST_F(Demo, StatsFromTheStoreReproduceTheResults) {
  auto store = RunStore::open(store_path(out_));
  ASSERT_TRUE(store.ok());
  auto recomputed = compute_results(*store);
  ASSERT_TRUE(recomputed.ok()) << recomputed.error().message;
  ASSERT_EQ(recomputed->leaderboard.size(), first_.leaderboard.size());
  for (std::size_t i = 0; i < first_.leaderboard.size(); ++i)
    EXPECT_DOUBLE_EQ(recomputed->leaderboard[i].mean_win_rate, first_.leaderboard[i].mean_win_rate);
}

// WizardLM capacity from a score-pair judge: each model's summed scores over the
// anchor's, ordered as the simulated truth.
TEST(DemoWithScoreJudge, CapacityFollowsTheTrueOrder) {
  const std::string out = (std::filesystem::temp_directory_path() /
                           ("evolbench-capacity-" + std::to_string(::getpid()))).string();
  std::filesystem::remove_all(out);
  auto demo = demo_plan(7);
  ASSERT_TRUE(demo.ok()) << demo.error().message;
  Plan& plan = *demo;
  plan.judge_path = std::string(EVOLBENCH_SOURCE_DIR) + "/judges/pairwise-scores.yaml";
  RunOptions options;
  options.out_dir = out;
  options.progress = nullptr;
  auto results = run_plan(plan, options);
  std::filesystem::remove_all(out);
  ASSERT_TRUE(results.ok()) << results.error().message;
  std::map<std::string, double> capacity;
  for (const auto& entry : results->capacity) capacity[entry.model] = entry.overall.ratio;
  ASSERT_TRUE(capacity.count("sim-mid") && capacity.count("sim-weak")) << results->capacity.size();
  EXPECT_LT(capacity["sim-mid"], 1.0);  // against sim-strong, the anchor
  EXPECT_LT(capacity["sim-weak"], capacity["sim-mid"]);
}

}  // namespace
}  // namespace evolbench
