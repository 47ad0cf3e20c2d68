// Judge repeats on the real path: the built binary, every model and a judge that flips
// its verdicts behind the sim-server, a run killed mid-repeats and resumed, and what
// results.json says read back.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <thread>

#include "llm/sim_server_process.h"
#include "realpath/process.h"

namespace evolbench {
namespace {

namespace fs = std::filesystem;
using testing::read_json;
using testing::run_evolbench;
using testing::write_text;

constexpr int kRepeatedItems = 60;
constexpr double kServedFlipRate = 0.2;

class JudgeRepeats : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_dir("evolbench-judge-repeats");
    std::string testset;
    for (int i = 0; i < kRepeatedItems; ++i)
      testset += "{\"id\": \"q" + std::to_string(i) + "\", \"instruction\": \"Question " + std::to_string(i) +
                 ": what makes a bridge stand up?\", \"difficulty\": " + std::to_string(1 + i % 10) + "}\n";
    write_text(dir_ / "testset.jsonl", testset);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Two served models judged by the served judge, `judge` the plan's judge line.
  std::string write_plan(const testing::SimServerProcess& server, const std::string& name,
                         const std::string& judge) const {
    const std::string endpoint =
        "{kind: openai, base_url: \"" + server.base_url() + "\", max_in_flight: 16, max_attempts: 4}";
    const std::string plan = "seed: 4\nmodels:\n  - {name: sim-strong, endpoint: " + endpoint +
                             "}\n  - {name: sim-weak, endpoint: " + endpoint + "}\nendpoints:\n  sim-judge: " +
                             endpoint + "\ntestset: {path: testset.jsonl}\n" + judge;
    write_text(dir_ / name, plan);
    return (dir_ / name).string();
  }

  fs::path dir_;
};

// Every game asked three times by a judge that flips a verdict with probability 0.2: the
// share of games with one verdict in all three is (0.8)^3 + (0.2)^3 = 0.52. The run is
// killed while judging and resumed: no completion is made twice, and the calls are the
// answers and three repeats of both orders of every item.
TEST_F(JudgeRepeats, AKilledRunResumesAndReportsStabilityAndBothIntervals) {
  testing::SimServerProcess server({"--seed", "2", "--model", "sim-strong:0.6", "--model", "sim-weak:0.0",
                                    "--judge-flip-rate", "0.2", "--latency-ms", "20"});
  ASSERT_GT(server.port(), 0);
  const std::string plan = write_plan(server, "plan.yaml", "judge: {repeats: 3}\n");
  {
    testing::EvolbenchProcess killed({"run", plan, "--out", (dir_ / "out").string(), "--quiet"}, dir_ / "logs");
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (server.stats()["completions"].get<int>() < 2 * kRepeatedItems + 150 && std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    killed.kill9();
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));  // the server finishes what was in flight
  const auto resumed = run_evolbench({"run", plan, "--out", (dir_ / "out").string(), "--quiet"}, dir_ / "logs");
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  const auto stats = server.stats();
  EXPECT_EQ(stats["repeated_completions"], 0);
  EXPECT_EQ(stats["completions"], 2 * kRepeatedItems + 3 * 2 * kRepeatedItems);

  const auto results = read_json(dir_ / "out" / "results.json");
  const auto& repeats = results["pairs"][0]["repeats"];
  ASSERT_TRUE(repeats.is_object()) << results["pairs"][0].dump();
  EXPECT_EQ(repeats["repeats"], 3);
  EXPECT_EQ(repeats["games"], 2 * kRepeatedItems);
  const double truth = std::pow(1 - kServedFlipRate, 3) + std::pow(kServedFlipRate, 3);
  EXPECT_LE(repeats["stability_ci95"][0].get<double>(), truth);
  EXPECT_GE(repeats["stability_ci95"][1].get<double>(), truth);
  EXPECT_DOUBLE_EQ(repeats["stability"].get<double>(),
                   repeats["stable_games"].get<double>() / repeats["games"].get<double>());
  const auto width = [](const nlohmann::json& interval) {
    return interval[1].get<double>() - interval[0].get<double>();
  };
  EXPECT_GT(width(repeats["two_level_ci95"]), width(repeats["one_level_ci95"]));
  EXPECT_GT(repeats["judge_noise_sd"].get<double>(), 0.0);
  // The reverse pair reports the same games.
  EXPECT_EQ(results["pairs"][1]["repeats"]["stable_games"], repeats["stable_games"]);
}

// Repeat 1 is asked exactly as a run without repeats asks: a second run of the plan
// without repeats, on the same server, makes no call, and every figure but the repeats'
// is the same.
TEST_F(JudgeRepeats, TheFirstRepeatIsTheRunWithoutRepeats) {
  testing::SimServerProcess server({"--seed", "2", "--model", "sim-strong:0.6", "--model", "sim-weak:0.0",
                                    "--judge-flip-rate", "0.2"});
  ASSERT_GT(server.port(), 0);
  const auto with = run_evolbench({"run", write_plan(server, "with.yaml", "judge: {repeats: 3}\n"), "--out",
                                   (dir_ / "out").string(), "--quiet"},
                                  dir_ / "logs");
  ASSERT_EQ(with.status, 0) << with.err;
  const int calls = server.stats()["completions"].get<int>();
  // The same store, the plan without repeats: everything it asks is cached.
  const auto without = run_evolbench({"run", write_plan(server, "without.yaml", ""), "--out",
                                      (dir_ / "out").string(), "--quiet"},
                                     dir_ / "logs");
  ASSERT_EQ(without.status, 0) << without.err;
  EXPECT_EQ(server.stats()["completions"].get<int>(), calls);
  // The store still holds every repeat, so the repeats are reported; the rest is the same.
  auto again = read_json(dir_ / "out" / "results.json");
  const auto once = run_evolbench({"run", write_plan(server, "fresh.yaml", ""), "--out", (dir_ / "fresh").string(),
                                   "--quiet"},
                                  dir_ / "logs");
  ASSERT_EQ(once.status, 0) << once.err;
  auto fresh = read_json(dir_ / "fresh" / "results.json");
  for (auto* results : {&again, &fresh})
    for (auto& pair : (*results)["pairs"]) pair.erase("repeats");
  EXPECT_EQ(again["pairs"], fresh["pairs"]);
  EXPECT_EQ(again["ratings"], fresh["ratings"]);
}

}  // namespace
}  // namespace evolbench
