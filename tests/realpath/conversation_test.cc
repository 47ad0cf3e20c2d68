// Conversations on the real path: MT-Bench imported by the built binary, models read
// from FastChat answer files or served by the sim-server, the judge behind the
// sim-server, and what the run wrote (results.json) and the judge was asked (a batch
// export of the judge stage's requests) read back.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>

#include "llm/sim_server_process.h"
#include "realpath/process.h"

namespace evolbench {
namespace {

namespace fs = std::filesystem;
using testing::read_json;
using testing::read_text;
using testing::run_evolbench;
using testing::write_text;

const fs::path kMtBench = fs::path(EVOLBENCH_SHARED_DATA_DIR) / "mtbench";

class Conversations : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::fresh_test_dir("evolbench-conversations"); }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string endpoint(const testing::SimServerProcess& server) {
    return "{kind: openai, base_url: \"" + server.base_url() + "\", max_in_flight: 16, max_attempts: 4}";
  }

  // `items` two-turn items whose turns differ in wording and length.
  void write_two_turn_testset(int items) const {
    std::string testset;
    for (int i = 0; i < items; ++i) {
      const std::string first = "Question " + std::to_string(i) + ": describe how a bicycle gear works.";
      testset += "{\"id\": \"c" + std::to_string(i) + "\", \"instruction\": \"" + first + "\", \"turns\": [\"" + first +
                 "\", \"Now explain it again for a child of " + std::to_string(5 + i % 7) + ", in fewer words.\"]}\n";
    }
    write_text(dir_ / "testset.jsonl", testset);
  }

  // Two served models, sim-a and sim-b, judged by the served judge on testset.jsonl.
  std::string write_served_plan(const testing::SimServerProcess& server) const {
    const std::string plan = "seed: 5\nmodels:\n  - {name: sim-a, endpoint: " + endpoint(server) +
                             "}\n  - {name: sim-b, endpoint: " + endpoint(server) + "}\nendpoints:\n  sim-judge: " +
                             endpoint(server) + "\ntestset: {path: testset.jsonl}\n";
    write_text(dir_ / "plan.yaml", plan);
    return (dir_ / "plan.yaml").string();
  }

  fs::path dir_;
};

// The prompts of a batch file's requests, each request's messages joined.
std::vector<std::string> batch_prompts(const fs::path& batch_file) {
  std::vector<std::string> prompts;
  std::istringstream lines(read_text(batch_file));
  for (std::string line; std::getline(lines, line);) {
    const auto request = nlohmann::json::parse(line);
    std::string prompt;
    for (const auto& message : request["body"]["messages"]) prompt += message["content"].get<std::string>() + "\n";
    prompts.push_back(std::move(prompt));
  }
  return prompts;
}

TEST_F(Conversations, MtBenchAnswerFilesAreJudgedOnBothTurnsWithTheFirstTurnShown) {
  if (!fs::exists(kMtBench)) GTEST_SKIP() << "no shared data at " << kMtBench;
  testing::SimServerProcess server({"--seed", "1"});
  ASSERT_GT(server.port(), 0);
  const auto imported = run_evolbench({"testset", "import", "--format", "mtbench", (kMtBench / "question.jsonl").string(),
                                       "--references", (kMtBench / "reference_answer" / "gpt-4.jsonl").string(),
                                       "--out", (dir_ / "mtbench.jsonl").string()},
                                      dir_ / "logs");
  ASSERT_EQ(imported.status, 0) << imported.err;
  const std::vector<std::string> models = {"gpt-4", "gpt-3.5-turbo", "llama-13b", "vicuna-13b-v1.3"};
  std::string plan = "seed: 1\nmodels:\n";
  for (const auto& model : models)
    plan += "  - {name: " + model + ", endpoint: {kind: file, path: \"" +
            (kMtBench / "model_answer" / (model + ".jsonl")).string() + "\"}}\n";
  plan += "endpoints:\n  sim-judge: " + endpoint(server) + "\ntestset: {path: mtbench.jsonl}\n";
  plan += "judge: {pairs: baseline, baseline: gpt-4}\n";  // 3 pairs: each file meets gpt-4's
  write_text(dir_ / "plan.yaml", plan);
  // What the judge is asked, as a batch file of the judge stage's requests before the run makes them.
  const auto exported = run_evolbench({"batch", "export", "--plan", (dir_ / "plan.yaml").string(), "--stage", "judge",
                                       "--out", (dir_ / "judge.jsonl").string(), "--out-dir", (dir_ / "out").string()},
                                      dir_ / "logs");
  ASSERT_EQ(exported.status, 0) << exported.err;
  const auto done = run_evolbench({"run", (dir_ / "plan.yaml").string(), "--out", (dir_ / "out").string(), "--quiet"},
                                  dir_ / "logs");
  ASSERT_EQ(done.status, 0) << done.err;

  const auto results = read_json(dir_ / "out" / "results.json");
  ASSERT_EQ(results["pairs"].size(), 6u);  // 3 pairs, both directions
  for (const auto& pair : results["pairs"]) {
    ASSERT_TRUE(pair.contains("by_turn")) << pair.dump();
    for (const char* turn : {"1", "2"}) {
      const auto& stratum = pair["by_turn"][turn];
      EXPECT_EQ(stratum["n"].get<int>() + stratum["unparsed"].get<int>(), 80) << pair["model"] << " " << turn;
    }
    EXPECT_EQ(pair["n"].get<int>() + pair["unparsed"].get<int>(), 160);
  }
  // Every turn-2 prompt shows each model's own turn-1 exchange: question 81's shows
  // GPT-4's and LLaMA-13B's first answers (their openings, as the files hold them).
  // 3 pairs x 80 items x 2 turns x 2 orders, less the prompts asked twice (two files
  // hold the same answer to a few questions: the cache asks those once).
  const auto requests = batch_prompts(dir_ / "judge.jsonl");
  ASSERT_LE(requests.size(), 3u * 80 * 2 * 2);
  ASSERT_GE(requests.size(), 3u * 80 * 2 * 2 - 40);
  int turn_two = 0, question_81 = 0;
  for (const auto& request : requests) {
    if (request.find("up to turn 2") == std::string::npos) continue;
    ++turn_two;
    EXPECT_NE(request.find("[User, turn 1]"), std::string::npos);
    EXPECT_NE(request.find("[Assistant, turn 1]"), std::string::npos);
    if (request.find("Title: Aloha, Hawaii! A Cultural and Natural Paradise Awaits") != std::string::npos &&
        request.find("Here is a travel blog post about a recent trip to Hawaii") != std::string::npos)
      ++question_81;
  }
  EXPECT_GE(turn_two, 3 * 80 * 2 - 10);
  EXPECT_EQ(question_81, 2);  // gpt-4 vs llama-13b in both orders
}

TEST_F(Conversations, AModelBetterOnlyOnTheSecondTurnShowsInTurnTwoAlone) {
  write_two_turn_testset(150);
  // sim-b is sim-a's equal on first turns and 2.5 logits better on later ones.
  testing::SimServerProcess server({"--seed", "3", "--model", "sim-a:0.5:0:1", "--model", "sim-b:0.5:0:1:2.5"});
  ASSERT_GT(server.port(), 0);
  const auto done = run_evolbench({"run", write_served_plan(server), "--out", (dir_ / "out").string(), "--quiet"},
                                  dir_ / "logs");
  ASSERT_EQ(done.status, 0) << done.err;
  const auto results = read_json(dir_ / "out" / "results.json");
  const nlohmann::json* b_vs_a = nullptr;
  for (const auto& pair : results["pairs"])
    if (pair["model"] == "sim-b" && pair["opponent"] == "sim-a") b_vs_a = &pair;
  ASSERT_NE(b_vs_a, nullptr);
  const auto& first = (*b_vs_a)["by_turn"]["1"];
  const auto& second = (*b_vs_a)["by_turn"]["2"];
  EXPECT_LE(first["ci95"][0].get<double>(), 0.5) << first.dump();
  EXPECT_GE(first["ci95"][1].get<double>(), 0.5) << first.dump();
  EXPECT_GT(second["ci95"][0].get<double>(), 0.6) << second.dump();
  // The overall rate pools both turns; its item bootstrap keeps an item's turns together.
  const double overall = (*b_vs_a)["win_rate"].get<double>();
  EXPECT_GT(overall, first["win_rate"].get<double>());
  EXPECT_LT(overall, second["win_rate"].get<double>());
  const std::string html = read_text(dir_ / "out" / "index.html");
  EXPECT_NE(html.find("<section id=\"by-turn\">"), std::string::npos);
  // The item browser says which turn a judgment is of, and shows that turn's message.
  int second_turns = 0;
  for (const auto& item : results["browser"]["items"])
    if (item.value("turn", 1) == 2) {
      ++second_turns;
      EXPECT_EQ(item["instruction"].get<std::string>().rfind("Now explain it again for a child", 0), 0u);
    }
  EXPECT_EQ(second_turns, 150);
  EXPECT_NE(html.find(", turn 2 (the turns before it were shown to the judge)"), std::string::npos);
}

TEST_F(Conversations, ASingleJudgeGradesEveryTurnAndScoresPoolThemWithAnInterval) {
  constexpr int kItems = 30;
  write_two_turn_testset(kItems);
  testing::SimServerProcess server({"--seed", "6", "--model", "sim-a:0.5", "--model", "sim-b:0.5:0:1:2.5"});
  ASSERT_GT(server.port(), 0);
  std::string plan = read_text(write_served_plan(server));
  plan += std::string("judge: {file: \"") + EVOLBENCH_SOURCE_DIR + "/judges/single.yaml\"}\n";
  write_text(dir_ / "plan.yaml", plan);
  const auto done = run_evolbench({"run", (dir_ / "plan.yaml").string(), "--out", (dir_ / "out").string(), "--quiet"},
                                  dir_ / "logs");
  ASSERT_EQ(done.status, 0) << done.err;
  const auto results = read_json(dir_ / "out" / "results.json");
  ASSERT_EQ(results["scores"].size(), 2u);
  std::map<std::string, nlohmann::json> by_model;
  for (const auto& score : results["scores"]) {
    EXPECT_EQ(score["n"].get<int>() + score["unparsed"].get<int>(), 2 * kItems) << score.dump();
    ASSERT_EQ(score["by_turn"].size(), 2u) << score.dump();
    ASSERT_TRUE(score.contains("ci95")) << score.dump();
    EXPECT_LE(score["ci95"][0].get<double>(), score["score"].get<double>());
    EXPECT_GE(score["ci95"][1].get<double>(), score["score"].get<double>());
    by_model[score["model"].get<std::string>()] = score;
  }
  // sim-b is graded higher on turn 2 only.
  EXPECT_GT(by_model["sim-b"]["by_turn"]["2"].get<double>(), by_model["sim-a"]["by_turn"]["2"].get<double>() + 1.0);
  EXPECT_NEAR(by_model["sim-b"]["by_turn"]["1"].get<double>(), by_model["sim-a"]["by_turn"]["1"].get<double>(), 1.0);
  EXPECT_NE(read_text(dir_ / "out" / "index.html").find("<section id=\"scores\">"), std::string::npos);
}

TEST_F(Conversations, AKilledRunResumesTheSecondTurnWithoutAskingTheFirstAgain) {
  constexpr int kItems = 40;
  write_two_turn_testset(kItems);
  testing::SimServerProcess server({"--seed", "4", "--latency-ms", "20", "--model", "sim-a:0.5", "--model", "sim-b:0.2"});
  ASSERT_GT(server.port(), 0);
  const std::string plan = write_served_plan(server);
  {
    testing::EvolbenchProcess killed({"run", plan, "--out", (dir_ / "out").string(), "--quiet"}, dir_ / "logs");
    // Past every first-turn answer (2 models x 40) and into the second turn.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (server.stats()["completions"].get<int>() < 2 * kItems + 12 && std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    killed.kill9();
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));  // the server finishes what was in flight
  const int before = server.stats()["completions"].get<int>();
  ASSERT_GE(before, 2 * kItems + 12);
  const auto done = run_evolbench({"run", plan, "--out", (dir_ / "out").string(), "--quiet"}, dir_ / "logs");
  ASSERT_EQ(done.status, 0) << done.err;
  const auto stats = server.stats();
  EXPECT_EQ(stats["repeated_completions"], 0);
  // Answers: 2 models x 40 items x 2 turns; judge games: 40 items x 2 turns x 2 orders.
  EXPECT_EQ(stats["completions"], 2 * kItems * 2 + kItems * 2 * 2);
  const auto results = read_json(dir_ / "out" / "results.json");
  EXPECT_EQ(results["run"]["total"]["calls"], stats["completions"]);
  for (const auto& pair : results["pairs"])
    for (const char* turn : {"1", "2"})
      EXPECT_EQ(pair["by_turn"][turn]["n"].get<int>() + pair["by_turn"][turn]["unparsed"].get<int>(), kItems);
}

}  // namespace
}  // namespace evolbench
