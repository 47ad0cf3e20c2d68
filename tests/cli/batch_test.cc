// The batch route: export a stage's pending calls, answer them as a batch runner
// would (here the simulated backend, line by line), import the output, and the stage
// then completes from the store with no call and the results of a direct run.
#include "run/batch.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/files.h"
#include "sim/sim.h"

namespace evolbench {
namespace {

constexpr int kItems = 6;

class Batch : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("evolbench-batch-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    std::ofstream testset(dir_ / "testset.jsonl");
    for (int i = 0; i < kItems; ++i)
      testset << "{\"id\": \"q" << i << "\", \"instruction\": \"Explain how tide tables work, part " << i
              << ".\", \"difficulty\": " << 1 + i % 10 << ", \"skill\": \"science\"}\n";
    // Every model over HTTP (nothing listens there: the batch route makes no call), and
    // the same plan on the simulated backend for a direct run to compare with.
    const std::string endpoint = "endpoint: {kind: openai, base_url: \"http://127.0.0.1:9/v1\"}";
    std::ofstream(dir_ / "plan.yaml") << "seed: 3\n"
                                         "models:\n"
                                         "  - {name: sim-strong, quality: 0.9, " << endpoint << "}\n"
                                         "  - {name: sim-weak, quality: 0.0, " << endpoint << "}\n"
                                         "endpoints:\n  sim-judge: {kind: openai, base_url: \"http://127.0.0.1:9/v1\"}\n"
                                         "testset: {path: testset.jsonl}\n";
    std::ofstream(dir_ / "direct.yaml") << "seed: 3\n"
                                           "models:\n"
                                           "  - {name: sim-strong, quality: 0.9}\n"
                                           "  - {name: sim-weak, quality: 0.0}\n"
                                           "testset: {path: testset.jsonl}\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  static int cli(const std::vector<std::string>& args) {
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    const int code = run_cli(args);
    (void)::testing::internal::GetCapturedStdout();
    last_stderr_ = ::testing::internal::GetCapturedStderr();
    return code;
  }

  int export_stage(const std::string& stage, const std::string& file) const {
    return cli({"batch", "export", "--plan", path("plan.yaml"), "--stage", stage, "--out", path(file),
                "--out-dir", path("batched")});
  }

  // Answers every request line of `input` with the simulated backend, as a batch
  // runner answers an input file; returns the number of lines.
  int answer_as_batch_runner(const std::string& input, const std::string& output) const {
    auto plan = load_plan(path("plan.yaml"));
    EXPECT_TRUE(plan.ok());
    SimBackend sim(plan->sim);
    std::ifstream in(path(input));
    std::ofstream out(path(output));
    int lines = 0;
    for (std::string text; std::getline(in, text); ++lines) {
      const auto line = nlohmann::json::parse(text);
      EXPECT_EQ(line["method"], "POST");
      EXPECT_EQ(line["url"], "/v1/chat/completions");
      const auto& body = line["body"];
      CompletionRequest request;
      request.model = body["model"];
      for (const auto& message : body["messages"]) request.messages.push_back({message["role"], message["content"]});
      request.params.temperature = body["temperature"];
      request.params.max_tokens = body["max_tokens"];
      if (body.contains("seed")) request.params.seed = body["seed"].get<std::int64_t>();
      if (body.contains("top_p")) request.params.top_p = body["top_p"].get<double>();
      if (body.contains("stop")) request.params.stop = body["stop"].get<std::vector<std::string>>();
      const auto completion = sim.complete(request);
      EXPECT_TRUE(completion.ok());
      const nlohmann::json reply = {
          {"object", "chat.completion"},
          {"model", request.model},
          {"choices", {{{"index", 0}, {"message", {{"role", "assistant"}, {"content", completion->text}}}}}},
          {"usage", {{"prompt_tokens", completion->prompt_tokens},
                     {"completion_tokens", completion->completion_tokens}}}};
      out << nlohmann::json{{"id", "batch_req_" + std::to_string(lines)},
                            {"custom_id", line["custom_id"]},
                            {"response", {{"status_code", 200}, {"request_id", "r"}, {"body", reply}}},
                            {"error", nullptr}}
                 .dump()
          << "\n";
    }
    return lines;
  }

  int import_output(const std::string& file) const {
    return cli({"batch", "import", "--plan", path("plan.yaml"), "--out-dir", path("batched"), path(file)});
  }

  static int count_lines(const std::string& file) {
    std::ifstream in(file);
    int lines = 0;
    for (std::string text; std::getline(in, text);) ++lines;
    return lines;
  }

  std::filesystem::path dir_;
  static inline std::string last_stderr_;
};

TEST_F(Batch, ExportImportThenTheRunMakesNoCallAndMatchesADirectRun) {
  ASSERT_EQ(export_stage("answer", "answers.in.jsonl"), kExitOk) << last_stderr_;
  EXPECT_EQ(answer_as_batch_runner("answers.in.jsonl", "answers.out.jsonl"), kItems * 2);  // two models
  ASSERT_EQ(import_output("answers.out.jsonl"), kExitOk) << last_stderr_;

  ASSERT_EQ(export_stage("judge", "judge.in.jsonl"), kExitOk) << last_stderr_;
  EXPECT_EQ(answer_as_batch_runner("judge.in.jsonl", "judge.out.jsonl"), kItems * 2);  // both orders
  ASSERT_EQ(import_output("judge.out.jsonl"), kExitOk) << last_stderr_;
  ASSERT_EQ(export_stage("judge", "nothing.jsonl"), kExitOk);
  EXPECT_EQ(count_lines(path("nothing.jsonl")), 0);

  ASSERT_EQ(cli({"run", path("plan.yaml"), "--out", path("batched"), "-q"}), kExitOk) << last_stderr_;
  ASSERT_EQ(cli({"run", path("direct.yaml"), "--out", path("direct"), "-q"}), kExitOk) << last_stderr_;
  auto batched = nlohmann::json::parse(*read_file(path("batched/results.json")));
  auto direct = nlohmann::json::parse(*read_file(path("direct/results.json")));
  EXPECT_EQ(batched["run"]["calls"]["made"], 0);
  EXPECT_EQ(batched["run"]["calls"]["failed"], 0);
  EXPECT_EQ(direct["run"]["calls"]["made"], kItems * 4);
  batched.erase("run");
  direct.erase("run");
  EXPECT_EQ(batched, direct);
}

// (exit code, stdout) of the CLI with --json added.
std::pair<int, nlohmann::json> cli_json(std::vector<std::string> args) {
  args.push_back("--json");
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  const int code = run_cli(args);
  const std::string out = ::testing::internal::GetCapturedStdout();
  (void)::testing::internal::GetCapturedStderr();
  return {code, nlohmann::json::parse(out, nullptr, false)};
}

TEST_F(Batch, JsonCountsTheCallsExportedByStageAndModelAndTheResultsImported) {
  const auto [exported_code, exported] = cli_json({"batch", "export", "--plan", path("plan.yaml"), "--stage", "answer",
                                                   "--out", path("answers.in.jsonl"), "--out-dir", path("batched")});
  ASSERT_EQ(exported_code, kExitOk);
  EXPECT_EQ(exported["calls"], count_lines(path("answers.in.jsonl")));
  EXPECT_EQ(exported["out"], path("answers.in.jsonl"));
  EXPECT_EQ(exported["by_stage_and_model"], nlohmann::json::parse(R"([{"stage": "answer", "model": "sim-strong", "calls": 6},
                                                                       {"stage": "answer", "model": "sim-weak", "calls": 6}])"));
  answer_as_batch_runner("answers.in.jsonl", "answers.out.jsonl");
  const auto [imported_code, imported] = cli_json(
      {"batch", "import", "--plan", path("plan.yaml"), "--out-dir", path("batched"), path("answers.out.jsonl")});
  ASSERT_EQ(imported_code, kExitOk);
  EXPECT_EQ(imported, nlohmann::json::parse(R"({"stored": 12, "already_stored": 0, "failed": 0, "invalid": 0,
                                                "unanswered": 0, "unanswered_by_model": []})"));
}

TEST_F(Batch, JsonOfAnImportWithABadLineCountsItAndKeepsExit2) {
  ASSERT_EQ(export_stage("answer", "answers.in.jsonl"), kExitOk) << last_stderr_;
  answer_as_batch_runner("answers.in.jsonl", "answers.out.jsonl");
  std::ofstream(path("answers.out.jsonl"), std::ios::app) << "{\"custom_id\": 7}\n";
  const auto [code, imported] = cli_json(
      {"batch", "import", "--plan", path("plan.yaml"), "--out-dir", path("batched"), path("answers.out.jsonl")});
  EXPECT_EQ(code, kExitUsage);
  EXPECT_EQ(imported["invalid"], 1);
  EXPECT_EQ(imported["stored"], kItems * 2);
}

TEST_F(Batch, RunJsonGivesTheLeaderboardAndCallsOfResultsJson) {
  const auto [code, document] = cli_json({"run", path("direct.yaml"), "--out", path("direct"), "-q"});
  ASSERT_EQ(code, kExitOk) << last_stderr_;
  const auto results = nlohmann::json::parse(*read_file(path("direct/results.json")));
  EXPECT_EQ(document["leaderboard"], results["leaderboard"]);
  EXPECT_EQ(document["leaderboard"].size(), 2u);
  EXPECT_EQ(document["run"], results["run"]);
  EXPECT_EQ(document["run"]["calls"]["made"], kItems * 4);
  EXPECT_EQ(document["report"], path("direct") + "/index.html");
}

// Finding 9 of the real-path issue: only the named stage's calls, of models with an
// HTTP endpoint, are exported; a stage whose inputs are missing is refused.
TEST_F(Batch, Finding9_OnlyTheStagesPaidCallsAreExportedAndAStageNotReadyIsRefused) {
  EXPECT_EQ(export_stage("judge", "early.jsonl"), kExitUsage);
  EXPECT_NE(last_stderr_.find("the judge stage needs the answer stage first: " + std::to_string(kItems * 2) +
                              " answer calls are still pending"),
            std::string::npos)
      << last_stderr_;
  EXPECT_FALSE(std::filesystem::exists(path("early.jsonl")));

  // sim-weak simulated: its answers are made on the spot, only sim-strong's exported.
  std::string plan = *read_file(path("plan.yaml"));
  const auto weak = plan.find("{name: sim-weak");
  plan.replace(weak, plan.find('\n', weak) - weak, "{name: sim-weak, quality: 0.0}");
  std::ofstream(path("plan.yaml")) << plan;
  ::testing::internal::CaptureStdout();
  const int code = run_cli({"batch", "export", "--plan", path("plan.yaml"), "--stage", "answer", "--out",
                            path("answers.in.jsonl"), "--out-dir", path("batched")});
  const std::string out = ::testing::internal::GetCapturedStdout();
  ASSERT_EQ(code, kExitOk);
  EXPECT_EQ(count_lines(path("answers.in.jsonl")), kItems);
  EXPECT_NE(out.find("answer   sim-strong               " + std::to_string(kItems)), std::string::npos) << out;
  EXPECT_EQ(out.find("sim-weak"), std::string::npos) << out;
}

TEST_F(Batch, Finding9_ImportSaysWhichExportedCallsGotNoResultLine) {
  ASSERT_EQ(export_stage("answer", "answers.in.jsonl"), kExitOk) << last_stderr_;
  answer_as_batch_runner("answers.in.jsonl", "answers.out.jsonl");
  // The runner dropped the last three results.
  std::ifstream in(path("answers.out.jsonl"));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::ofstream kept(path("kept.jsonl"));
  for (std::size_t i = 0; i + 3 < lines.size(); ++i) kept << lines[i] << "\n";
  kept.close();
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  const int code = run_cli({"batch", "import", "--plan", path("plan.yaml"), "--out-dir", path("batched"),
                            path("kept.jsonl")});
  const std::string out = ::testing::internal::GetCapturedStdout();
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, kExitOk) << err;
  EXPECT_NE(out.find("3 pending calls with no result line"), std::string::npos) << out;
  EXPECT_NE(err.find("pending calls of sim-weak got no result line"), std::string::npos) << err;
}

TEST_F(Batch, ImportNamesBadLinesByFileAndLineAndKeepsTheGoodOnes) {
  ASSERT_EQ(export_stage("answer", "answers.in.jsonl"), kExitOk) << last_stderr_;
  answer_as_batch_runner("answers.in.jsonl", "answers.out.jsonl");
  std::ofstream(path("answers.out.jsonl"), std::ios::app)
      << "{\"custom_id\": 7}\n"
      << "{\"custom_id\": \"no-such-call\", \"response\": {\"status_code\": 200, \"body\": "
         "{\"choices\": [{\"message\": {\"content\": \"x\"}}]}}}\n"
      << "{\"custom_id\": \"also-missing\", \"response\": {\"status_code\": 200, \"body\": {}}}\n";
  EXPECT_EQ(import_output("answers.out.jsonl"), kExitUsage);
  const std::string file = path("answers.out.jsonl");
  EXPECT_NE(last_stderr_.find(file + ":" + std::to_string(kItems * 2 + 1) + ": field 'custom_id'"),
            std::string::npos) << last_stderr_;
  EXPECT_NE(last_stderr_.find(file + ":" + std::to_string(kItems * 2 + 2) + ": custom_id no-such-call"),
            std::string::npos) << last_stderr_;
  EXPECT_NE(last_stderr_.find(file + ":" + std::to_string(kItems * 2 + 3) + ": field 'response.body'"),
            std::string::npos) << last_stderr_;
  ASSERT_EQ(export_stage("answer", "left.jsonl"), kExitOk);
  EXPECT_EQ(count_lines(path("left.jsonl")), 0);  // every good line was stored
}

TEST_F(Batch, FailedRequestsInTheErrorFileStayPending) {
  ASSERT_EQ(export_stage("answer", "answers.in.jsonl"), kExitOk) << last_stderr_;
  std::ifstream in(path("answers.in.jsonl"));
  std::string first;
  std::getline(in, first);
  std::ofstream(path("errors.jsonl"))
      << nlohmann::json{{"custom_id", nlohmann::json::parse(first)["custom_id"]},
                        {"response", {{"status_code", 500}, {"body", {{"error", {{"message", "boom"}}}}}}},
                        {"error", nullptr}}.dump()
      << "\n";
  std::ofstream(path("empty.jsonl"));
  EXPECT_EQ(cli({"batch", "import", "--plan", path("plan.yaml"), "--out-dir", path("batched"),
                 path("empty.jsonl"), "--errors", path("errors.jsonl")}),
            kExitOk) << last_stderr_;
  ASSERT_EQ(export_stage("answer", "again.jsonl"), kExitOk);
  EXPECT_EQ(count_lines(path("again.jsonl")), kItems * 2);
}

}  // namespace
}  // namespace evolbench
