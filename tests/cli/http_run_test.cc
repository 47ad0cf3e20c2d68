// The whole flow of `evolbench run` over HTTP: three models and the judge served by
// the sim-server through openai endpoints, with faults injected. The answer and judge
// stages must end with every judgment, the same figures as the in-process simulated
// backend gives for the same plan, each completion made once, and a rerun that asks
// the server nothing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "run/pipeline.h"
#include "run/plan.h"
#include "llm/sim_server_process.h"

namespace evolbench {
namespace {

constexpr int kHttpRunItems = 80;
const std::vector<std::string> kHttpRunModels = {"sim-strong", "sim-mid", "sim-weak"};

class HttpRun : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("evolbench-http-run-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    std::ofstream testset(dir_ / "testset.jsonl");
    for (int i = 0; i < kHttpRunItems; ++i)
      testset << "{\"id\": \"q" << i << "\", \"instruction\": \"Question " << i
              << ": how should a beginner plan a week of study?\", \"difficulty\": " << 1 + i % 10 << "}\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A plan over the test set; with `base_url`, every model and the judge go through it.
  Result<Plan> plan(const std::string& base_url) const {
    const std::string endpoint =
        base_url.empty() ? "" : ", endpoint: {kind: openai, base_url: \"" + base_url + "\", max_in_flight: 16, max_attempts: 12}";
    std::ofstream yaml(dir_ / "plan.yaml");
    yaml << "seed: 1\nmodels:\n"
         << "  - {name: sim-strong, quality: 0.9, difficulty_slope: 0.4, verbosity: 1.0" << endpoint << "}\n"
         << "  - {name: sim-mid, quality: 0.4, difficulty_slope: 0.0, verbosity: 1.0" << endpoint << "}\n"
         << "  - {name: sim-weak, quality: 0.0, difficulty_slope: -0.3, verbosity: 0.8" << endpoint << "}\n";
    if (!base_url.empty())
      yaml << "endpoints:\n  sim-judge: {kind: openai, base_url: \"" << base_url
           << "\", max_in_flight: 16, max_attempts: 12}\n";
    yaml << "testset: {path: testset.jsonl}\n"
         << "judge: {file: \"" << EVOLBENCH_SOURCE_DIR << "/judges/pairwise.yaml\"}\n";
    yaml.close();
    return load_plan((dir_ / "plan.yaml").string());
  }

  Result<Results> run(const Plan& plan, const std::string& out) const {
    RunOptions options;
    options.out_dir = (dir_ / out).string();
    options.progress = nullptr;
    return run_plan(plan, options);
  }

  std::filesystem::path dir_;
};

TEST_F(HttpRun, AnswerAndJudgeStagesOverAFaultyServerGiveTheInProcessFigures) {
  testing::SimServerProcess server({"--seed", "1", "--model", "sim-strong:0.9:0.4:1.0", "--model",
                                    "sim-mid:0.4:0.0:1.0", "--model", "sim-weak:0.0:-0.3:0.8", "--429",
                                    "0.10", "--retry-after", "1", "--500", "0.05", "--drop", "0.02",
                                    "--malformed", "0.01"});
  ASSERT_GT(server.port(), 0);
  auto over_http = plan(server.base_url());
  ASSERT_TRUE(over_http.ok()) << over_http.error().message;
  auto results = run(*over_http, "http");
  ASSERT_TRUE(results.ok()) << results.error().message;

  auto in_process = plan("");
  ASSERT_TRUE(in_process.ok()) << in_process.error().message;
  auto expected = run(*in_process, "sim");
  ASSERT_TRUE(expected.ok()) << expected.error().message;

  ASSERT_EQ(results->pairs.size(), 6u);
  ASSERT_EQ(results->pairs.size(), expected->pairs.size());
  for (std::size_t i = 0; i < results->pairs.size(); ++i) {
    const auto& got = results->pairs[i];
    const auto& want = expected->pairs[i];
    EXPECT_EQ(got.model, want.model);
    EXPECT_EQ(got.opponent, want.opponent);
    EXPECT_EQ(got.overall.tally.n(), kHttpRunItems);  // every item judged, none unparsed
    EXPECT_EQ(got.overall.tally.wins, want.overall.tally.wins) << got.model << " vs " << got.opponent;
    EXPECT_EQ(got.overall.tally.ties, want.overall.tally.ties) << got.model << " vs " << got.opponent;
    EXPECT_EQ(got.overall.tally.losses, want.overall.tally.losses) << got.model << " vs " << got.opponent;
  }
  ASSERT_EQ(results->leaderboard.size(), 3u);
  for (std::size_t rank = 0; rank < kHttpRunModels.size(); ++rank)
    EXPECT_EQ(results->leaderboard[rank].model, kHttpRunModels[rank]);  // the true order
  EXPECT_EQ(results->run.calls_failed, 0);

  // Each answer and each judge game (3 pairs, both orders) made once, despite faults.
  const auto stats = server.stats();
  EXPECT_EQ(stats["completions"], 3 * kHttpRunItems + 3 * kHttpRunItems * 2);
  EXPECT_EQ(stats["repeated_completions"], 0);
  EXPECT_GT(stats["faults"].get<int>(), 0);

  auto rerun = run(*over_http, "http");
  ASSERT_TRUE(rerun.ok()) << rerun.error().message;
  EXPECT_EQ(server.stats()["requests"], stats["requests"]);  // everything came from the store
  EXPECT_EQ(rerun->run.calls_made, 0);
}

}  // namespace
}  // namespace evolbench
