// `evolbench testset score` on the real path: the built binary in its own process, the
// grader behind the sim-server as an OpenAI-compatible endpoint, files as a user
// writes them.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <set>
#include <thread>

#include "llm/sim_server_process.h"
#include "realpath/process.h"

namespace evolbench {
namespace {

namespace fs = std::filesystem;
using testing::read_text;
using testing::run_evolbench;
using testing::write_text;

constexpr int kScoredItems = 60;

// The lines of a JSONL file, each parsed.
std::vector<nlohmann::json> read_jsonl_records(const fs::path& path) {
  std::vector<nlohmann::json> lines;
  std::stringstream text(read_text(path));
  for (std::string line; std::getline(text, line);)
    if (!line.empty()) lines.push_back(nlohmann::json::parse(line, nullptr, false));
  return lines;
}

class TestsetScore : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_dir("evolbench-testset-score");
    // Instructions of many lengths (the simulated grader's levels follow length), some
    // with a difficulty and fields evolbench does not read, which must be kept.
    std::string testset;
    for (int i = 0; i < kScoredItems; ++i) {
      std::string instruction = "Task " + std::to_string(i) + ": explain";
      for (int word = 0; word < 2 * i; ++word) instruction += " carefully";
      testset += "{\"id\": \"t" + std::to_string(i) + "\", \"instruction\": \"" + instruction +
                 "\", \"skill\": \"skill" + std::to_string(i % 4) + "\"" +
                 (i % 3 == 0 ? ", \"difficulty\": 10, \"source\": \"hand-written\"" : "") + "}\n";
    }
    write_text(dir_ / "testset.jsonl", testset);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A plan whose grader, sim-grader, is served by `server`, plus `extra` YAML.
  std::string write_plan(const testing::SimServerProcess& server, const std::string& extra = "") const {
    write_text(dir_ / "grader.yaml", "endpoints:\n  sim-grader: {kind: openai, base_url: \"" + server.base_url() +
                                         "\", max_in_flight: 4, max_attempts: 4}\n" + extra);
    return (dir_ / "grader.yaml").string();
  }

  std::vector<std::string> score_args(const std::string& plan) const {
    std::vector<std::string> args = {"testset", "score", (dir_ / "testset.jsonl").string(), "--out",
                                     (dir_ / "scored" / "scored.jsonl").string(), "--quiet"};
    if (!plan.empty()) args.insert(args.end(), {"--plan", plan});
    return args;
  }

  testing::Finished score(const std::string& plan) const { return run_evolbench(score_args(plan), dir_ / "logs"); }

  fs::path dir_;
};

TEST_F(TestsetScore, EveryItemGetsADifficultyAndARerunCallsNoModel) {
  testing::SimServerProcess server({"--seed", "1"});
  ASSERT_GT(server.port(), 0);
  const std::string plan = write_plan(server);
  const auto done = score(plan);
  ASSERT_EQ(done.status, 0) << done.err;
  EXPECT_EQ(server.stats()["completions"], kScoredItems);

  const auto input = read_jsonl_records(dir_ / "testset.jsonl");
  const auto scored = read_jsonl_records(dir_ / "scored" / "scored.jsonl");
  ASSERT_EQ(scored.size(), input.size());
  std::set<int> levels;
  for (std::size_t i = 0; i < scored.size(); ++i) {
    EXPECT_EQ(scored[i]["id"], input[i]["id"]);  // input order kept
    EXPECT_EQ(scored[i]["instruction"], input[i]["instruction"]);
    EXPECT_EQ(scored[i]["skill"], input[i]["skill"]);
    EXPECT_EQ(scored[i].value("source", ""), input[i].value("source", ""));
    ASSERT_TRUE(scored[i]["difficulty"].is_number_integer()) << scored[i].dump();
    const int level = scored[i]["difficulty"].get<int>();
    EXPECT_GE(level, 1);
    EXPECT_LE(level, 10);
    levels.insert(level);
    EXPECT_EQ(scored[i]["meta"]["difficulty_grader"]["model"], "sim-grader");
    EXPECT_EQ(scored[i]["meta"]["difficulty_grader"]["simulated"], false);
  }
  EXPECT_GE(levels.size(), 5u);  // the grader was read, not a constant written
  EXPECT_TRUE(fs::exists(dir_ / "scored" / "scored.store.sqlite"));
  EXPECT_EQ(done.err.find("simulated"), std::string::npos) << done.err;

  const std::string first_text = read_text(dir_ / "scored" / "scored.jsonl");
  const auto again = score(plan);
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(server.stats()["completions"], kScoredItems);  // nothing asked again
  EXPECT_EQ(server.stats()["requests"], kScoredItems);
  EXPECT_NE(again.out.find("0 made, " + std::to_string(kScoredItems) + " from the store"), std::string::npos) << again.out;
  EXPECT_EQ(read_text(dir_ / "scored" / "scored.jsonl"), first_text);
}

TEST_F(TestsetScore, WithoutAPlanTheSimulatedGraderIsSaidOnStdoutStderrAndInTheFile) {
  const auto done = score("");
  ASSERT_EQ(done.status, 0) << done.err;
  EXPECT_NE(done.out.find("the difficulties are simulated"), std::string::npos) << done.out;
  EXPECT_NE(done.err.find("the difficulties are simulated"), std::string::npos) << done.err;
  for (const auto& line : read_jsonl_records(dir_ / "scored" / "scored.jsonl")) {
    EXPECT_EQ(line["meta"]["difficulty_grader"]["simulated"], true);
    EXPECT_TRUE(line["difficulty"].is_number_integer());
  }
}

TEST_F(TestsetScore, AKilledRunResumesWithoutRepeatingACall) {
  testing::SimServerProcess server({"--seed", "1", "--latency-ms", "40"});
  ASSERT_GT(server.port(), 0);
  const std::string plan = write_plan(server);
  {
    testing::EvolbenchProcess killed(score_args(plan), dir_ / "logs");
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (server.stats()["completions"].get<int>() < kScoredItems / 3 && std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    killed.kill9();
  }
  // The server finishes what the killed run left in flight before the rerun.
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const int before = server.stats()["completions"].get<int>();
  ASSERT_GT(before, 0);
  ASSERT_LT(before, kScoredItems);  // killed mid-run, not after
  EXPECT_FALSE(fs::exists(dir_ / "scored" / "scored.jsonl"));

  const auto done = score(plan);
  ASSERT_EQ(done.status, 0) << done.err;
  const auto stats = server.stats();
  EXPECT_EQ(stats["repeated_completions"], 0);  // no paid call made twice
  EXPECT_EQ(stats["completions"], kScoredItems);      // each item asked once over both runs
  for (const auto& line : read_jsonl_records(dir_ / "scored" / "scored.jsonl"))
    EXPECT_TRUE(line["difficulty"].is_number_integer()) << line.dump();
}

TEST_F(TestsetScore, GradesThatCannotBeReadAreCountedShownAndExitThree) {
  testing::SimServerProcess server({"--seed", "1"});
  ASSERT_GT(server.port(), 0);
  // A grader that only reads levels 1 to 5: the simulated grader's 6 to 10 are unreadable.
  std::string judge = read_text(fs::path(EVOLBENCH_SOURCE_DIR) / "judges" / "difficulty.yaml");
  judge.replace(judge.find("min: 1, max: 10"), 15, "min: 1, max: 5");
  write_text(dir_ / "low-grader.yaml", judge);
  const auto done = score(write_plan(server, "difficulty: {judge: low-grader.yaml}\n"));
  EXPECT_EQ(done.status, 3) << done.err;
  int unscored = 0;
  for (const auto& line : read_jsonl_records(dir_ / "scored" / "scored.jsonl")) {
    if (!line.contains("difficulty")) {
      ++unscored;
      EXPECT_FALSE(line.contains("meta") && line["meta"].contains("difficulty_grader")) << line.dump();
      continue;
    }
    EXPECT_GE(line["difficulty"].get<int>(), 1);  // never left at 0
    EXPECT_LE(line["difficulty"].get<int>(), 5);
  }
  ASSERT_GT(unscored, 0);
  ASSERT_LT(unscored, kScoredItems);
  EXPECT_NE(done.err.find(std::to_string(unscored) + " of " + std::to_string(kScoredItems) + " items have no difficulty"),
            std::string::npos)
      << done.err;
  EXPECT_NE(done.err.find("output begins \"(simulated grader)"), std::string::npos) << done.err;

  // A rerun asks only for the grades it could not read.
  const int requests = server.stats()["requests"].get<int>();
  const auto again = score(write_plan(server, "difficulty: {judge: low-grader.yaml}\n"));
  EXPECT_EQ(again.status, 3) << again.err;
  EXPECT_NE(again.out.find(std::to_string(kScoredItems - unscored) + " from the store"), std::string::npos) << again.out;
  EXPECT_GT(server.stats()["requests"].get<int>(), requests);
}

TEST_F(TestsetScore, BadInputIsAnErrorNamingFileLineAndFieldAndWritesNothing) {
  testing::SimServerProcess server({"--seed", "1"});
  ASSERT_GT(server.port(), 0);
  const std::string plan = write_plan(server);
  write_text(dir_ / "testset.jsonl",
             "{\"id\": \"a\", \"instruction\": \"Why is the sky blue?\"}\n"
             "{\"id\": \"b\", \"instruction\": \"Name a prime.\", \"difficulty\": \"hard\"}\n");
  const auto bad_item = score(plan);
  EXPECT_EQ(bad_item.status, 2) << bad_item.err;
  EXPECT_NE(bad_item.err.find("testset.jsonl:2: field 'difficulty'"), std::string::npos) << bad_item.err;

  write_text(dir_ / "testset.jsonl", "{\"id\": \"a\", \"instruction\": \"Why?\", \"meta\": [1]}\n");
  const auto bad_meta = score(plan);
  EXPECT_EQ(bad_meta.status, 2) << bad_meta.err;
  EXPECT_NE(bad_meta.err.find("testset.jsonl:1: field 'meta': expected an object"), std::string::npos)
      << bad_meta.err;

  write_text(dir_ / "testset.jsonl", "{\"id\": \"a\", \"instruction\": \"Why is the sky blue?\"}\n");
  const auto no_endpoint = score(write_plan(server, "difficulty: {model: gpt-4o}\n"));
  EXPECT_EQ(no_endpoint.status, 2) << no_endpoint.err;
  EXPECT_NE(no_endpoint.err.find("difficulty.model: the grader model 'gpt-4o' has no endpoint"), std::string::npos)
      << no_endpoint.err;

  const auto bad_field = score(write_plan(server, "difficulty: {judge: judges/difficulty.yaml, modle: x}\n"));
  EXPECT_EQ(bad_field.status, 2) << bad_field.err;
  EXPECT_NE(bad_field.err.find("grader.yaml:3"), std::string::npos) << bad_field.err;
  EXPECT_NE(bad_field.err.find("modle"), std::string::npos) << bad_field.err;

  const auto missing = run_evolbench({"testset", "score", (dir_ / "nothing.jsonl").string(), "--out",
                                      (dir_ / "scored" / "scored.jsonl").string(), "--plan", write_plan(server)},
                                     dir_ / "logs");
  EXPECT_EQ(missing.status, 2) << missing.err;
  EXPECT_NE(missing.err.find("nothing.jsonl"), std::string::npos) << missing.err;

  EXPECT_FALSE(fs::exists(dir_ / "scored"));
  EXPECT_EQ(server.stats()["requests"], 0);
}

TEST_F(TestsetScore, ASecondProcessOnTheSameOutputIsRefusedAtOnce) {
  testing::SimServerProcess server({"--seed", "1", "--latency-ms", "100"});
  ASSERT_GT(server.port(), 0);
  const std::string plan = write_plan(server);
  testing::EvolbenchProcess first(score_args(plan), dir_ / "logs");
  testing::wait_until_locked(dir_ / "scored" / "scored.store.sqlite");
  EXPECT_TRUE(testing::refused_at_once(score_args(plan), dir_ / "logs", first.pid()));
  const auto done = first.wait();
  ASSERT_EQ(done.status, 0) << done.err;
  EXPECT_EQ(server.stats()["completions"], kScoredItems);
}

TEST_F(TestsetScore, TestsetBuildDrawsStrataFromTheScoredFile) {
  ASSERT_EQ(score("").status, 0);
  const auto built = run_evolbench({"testset", "build", "--pool", (dir_ / "scored" / "scored.jsonl").string(),
                                    "--out", (dir_ / "built.jsonl").string(), "--per-bucket", "3"},
                                   dir_ / "logs");
  ASSERT_EQ(built.status, 0) << built.err;
  const auto items = read_jsonl_records(dir_ / "built.jsonl");
  std::map<std::string, int> by_bucket;
  for (const auto& item : items) {
    const int level = item["difficulty"].get<int>();
    ++by_bucket[level <= 4 ? "easy" : level <= 7 ? "medium" : "hard"];
  }
  EXPECT_EQ(by_bucket, (std::map<std::string, int>{{"easy", 3}, {"medium", 3}, {"hard", 3}})) << built.out;
}

}  // namespace
}  // namespace evolbench
