// `evolbench gate` end to end through the CLI: exit codes, files written, refusals.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.h"
#include "report/results_json.h"

namespace evolbench {
namespace {

namespace fs = std::filesystem;

// "cand" against "ref" on 100 items i0..i99, judged by "pairwise@aaaa".
Results run_with(int wins) {
  Results results;
  results.judge = "pairwise@aaaa";
  results.items = 100;
  for (int i = 0; i < 100; ++i) results.item_ids.push_back("i" + std::to_string(i));
  results.models = {"ref", "cand"};
  results.ratings_anchor = "ref";
  PairResult pair;
  pair.model = "cand";
  pair.opponent = "ref";
  pair.overall.tally = {wins, 0, 100 - wins};
  results.pairs.push_back(pair);
  return results;
}

class GateCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("evolbench-gate-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    write("baseline.json", results_to_json(run_with(70)));
    write("same.json", results_to_json(run_with(70)));
    write("worse.json", results_to_json(run_with(40)));
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return path(name);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string read(const std::string& name) const {
    std::ifstream in(dir_ / name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  // (exit code, stdout, stderr)
  std::tuple<int, std::string, std::string> gate(std::vector<std::string> args) {
    args.insert(args.begin(), "gate");
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    const int code = run_cli(args);
    std::string out = ::testing::internal::GetCapturedStdout();
    return {code, out, ::testing::internal::GetCapturedStderr()};
  }

  fs::path dir_;
};

TEST_F(GateCommand, UnchangedCandidatePasses) {
  const auto [code, out, err] = gate({"--baseline", path("baseline.json"), "--candidate", path("same.json")});
  EXPECT_EQ(code, kExitOk) << out << err;
  EXPECT_NE(out.find("gate passed"), std::string::npos) << out;
}

TEST_F(GateCommand, RegressionExits1AndWritesJunitAndMarkdown) {
  const auto [code, out, err] = gate({"--baseline", path("baseline.json"), "--candidate", path("worse.json"),
                                      "--junit", path("junit.xml"), "--markdown", path("gate.md")});
  EXPECT_EQ(code, kExitCheckFailed) << out << err;
  EXPECT_NE(out.find("FAIL win_rate cand vs ref, overall: 70.0% -> 40.0%"), std::string::npos) << out;
  EXPECT_NE(read("junit.xml").find("<failure message=\"70.0% -&gt; 40.0%"), std::string::npos);
  EXPECT_NE(read("gate.md").find("**regression**"), std::string::npos);
}

TEST_F(GateCommand, JsonListsEveryCheckOfTheTextWithItsVerdictAndKeepsExit1) {
  const std::vector<std::string> args = {"--baseline", path("baseline.json"), "--candidate", path("worse.json")};
  const auto [text_code, text, text_err] = gate(args);
  std::vector<std::string> with_json = args;
  with_json.push_back("--json");
  const auto [code, out, err] = gate(with_json);
  EXPECT_EQ(code, kExitCheckFailed) << out << err;
  EXPECT_EQ(code, text_code);
  const auto document = nlohmann::json::parse(out);
  EXPECT_EQ(document["passed"], false);
  EXPECT_EQ(document["reference"], "ref");
  int failures = 0;
  for (const auto& check : document["checks"]) {
    const std::string verdict = check["verdict"];
    failures += verdict == "fail";
    const std::string mark = verdict == "fail" ? "FAIL" : verdict == "pass" ? "ok  " : "skip";
    // Every check is a line of the text, with the same verdict and reason.
    const std::string line = mark + " " + check["metric"].get<std::string>() + " " + check["model"].get<std::string>() +
                             " vs " + check["reference"].get<std::string>() + ", " +
                             check["stratum"].get<std::string>() + ": " + check["reason"].get<std::string>();
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  }
  EXPECT_EQ(document["failures"], failures);
  EXPECT_EQ(document["checks_total"], document["checks"].size());
  const auto overall = std::find_if(document["checks"].begin(), document["checks"].end(), [](const auto& check) {
    return check["metric"] == "win_rate" && check["stratum"] == "overall";
  });
  ASSERT_NE(overall, document["checks"].end());
  EXPECT_EQ((*overall)["verdict"], "fail");
  EXPECT_DOUBLE_EQ((*overall)["baseline"].get<double>(), 0.7);
  EXPECT_DOUBLE_EQ((*overall)["candidate"].get<double>(), 0.4);
  EXPECT_NEAR((*overall)["drop"].get<double>(), 0.3, 1e-12);
  EXPECT_EQ((*overall)["baseline_n"], 100);
}

TEST_F(GateCommand, JsonOfAPassingGateExits0) {
  const auto [code, out, err] =
      gate({"--baseline", path("baseline.json"), "--candidate", path("same.json"), "--json"});
  EXPECT_EQ(code, kExitOk) << out << err;
  const auto document = nlohmann::json::parse(out);
  EXPECT_EQ(document["passed"], true);
  EXPECT_EQ(document["failures"], 0);
  EXPECT_FALSE(document["checks"].empty());
}

TEST_F(GateCommand, RulesFileDecidesWhatFails) {
  // A 30-point drop passes when 40 points are allowed.
  write("lenient.yaml", "models: [cand]\nrules:\n  - {metric: win_rate, max_drop: 0.4}\n");
  const auto [code, out, err] = gate({"--baseline", path("baseline.json"), "--candidate", path("worse.json"),
                                      "--rules", path("lenient.yaml")});
  EXPECT_EQ(code, kExitOk) << out << err;
}

TEST_F(GateCommand, OtherSchemaIsRefusedWithExit2) {
  std::string text = results_to_json(run_with(70));
  text.replace(text.find("\"schema\": 2"), 11, "\"schema\": 3");
  write("future.json", text);
  const auto [code, out, err] = gate({"--baseline", path("baseline.json"), "--candidate", path("future.json")});
  EXPECT_EQ(code, kExitUsage);
  EXPECT_EQ(err,
            "evolbench gate: " + path("future.json") + ": results schema 3, this evolbench reads schemas 1 to 2\n");
}

TEST_F(GateCommand, Schema1BaselineIsComparedWithASchema2Candidate) {
  std::string text = results_to_json(run_with(70));
  text.replace(text.find("\"schema\": 2"), 11, "\"schema\": 1");
  write("schema1.json", text);
  const auto [code, out, err] = gate({"--baseline", path("schema1.json"), "--candidate", path("same.json")});
  EXPECT_EQ(code, kExitOk) << out << err;
}

TEST_F(GateCommand, MissingFileIsBadInput) {
  const auto [code, out, err] = gate({"--baseline", path("nope.json"), "--candidate", path("same.json")});
  EXPECT_EQ(code, kExitUsage);
  EXPECT_NE(err.find("nope.json"), std::string::npos) << err;
}

TEST_F(GateCommand, BadRuleNamesFileLineAndField) {
  write("bad.yaml", "rules:\n  - metric: win_rate\n    max_drop: 0.05\n    strata: [bucket, colour]\n");
  const auto [code, out, err] = gate({"--baseline", path("baseline.json"), "--candidate", path("same.json"),
                                      "--rules", path("bad.yaml")});
  EXPECT_EQ(code, kExitUsage);
  EXPECT_EQ(err, "evolbench gate: " + path("bad.yaml") +
                     ":4: field 'rules[0].strata': 'colour' is not a stratum of win_rate\n");
}

TEST_F(GateCommand, UnknownMetricIsRefused) {
  write("metric.yaml", "rules:\n  - {metric: vibes, max_drop: 1}\n");
  const auto [code, out, err] = gate({"--baseline", path("baseline.json"), "--candidate", path("same.json"),
                                      "--rules", path("metric.yaml")});
  EXPECT_EQ(code, kExitUsage);
  EXPECT_NE(err.find(":2: field 'rules[0].metric': expected win_rate, rating, lc_win_rate or capacity"),
            std::string::npos)
      << err;
}

class GateFinding8 : public GateCommand {
 protected:
  void SetUp() override {
    GateCommand::SetUp();
    Results other_items = run_with(70);
    other_items.item_ids[99] = "new";
    write("other-items.json", results_to_json(other_items));
    Results other_judge = run_with(70);
    other_judge.judge = "pairwise@bbbb";
    write("other-judge.json", results_to_json(other_judge));
    Results renamed = run_with(40);
    renamed.models[1] = renamed.pairs[0].model = "cand-v2";
    write("renamed.json", results_to_json(renamed));
  }
};

TEST_F(GateFinding8, RefusesRunsOverDifferentItemSetsWithExit2) {
  const auto [code, out, err] = gate({"--baseline", path("baseline.json"), "--candidate", path("other-items.json")});
  EXPECT_EQ(code, kExitUsage);
  EXPECT_EQ(out, "");
  EXPECT_EQ(err, "evolbench gate: the runs are not comparable: the test sets differ: baseline 100 items, "
                 "candidate 100, 99 shared (pass --allow-changed testset to gate them anyway)\n");
}

TEST_F(GateFinding8, RefusesRunsOfDifferentJudgesWithExit2) {
  const auto [code, out, err] = gate({"--baseline", path("baseline.json"), "--candidate", path("other-judge.json")});
  EXPECT_EQ(code, kExitUsage);
  EXPECT_NE(err.find("the judges differ: baseline 'pairwise@aaaa', candidate 'pairwise@bbbb'"), std::string::npos)
      << err;
}

TEST_F(GateFinding8, AllowChangedGatesAnywayAndSaysWhatChanged) {
  for (const char* allowed : {"testset", "testset,judge"}) {
    const auto [code, out, err] = gate({"--baseline", path("baseline.json"), "--candidate",
                                        path("other-items.json"), "--allow-changed", allowed});
    EXPECT_EQ(code, kExitOk) << err;
    EXPECT_EQ(out.rfind("note: the test sets differ: baseline 100 items, candidate 100, 99 shared (allowed by "
                        "--allow-changed testset)\n", 0), 0u) << out;
  }
  const auto [code, out, err] = gate({"--baseline", path("baseline.json"), "--candidate", path("other-judge.json"),
                                      "--allow-changed", "judge"});
  EXPECT_EQ(code, kExitOk) << err;
  const auto [bad, bad_out, bad_err] = gate({"--baseline", path("baseline.json"), "--candidate",
                                             path("same.json"), "--allow-changed", "testset,model"});
  EXPECT_EQ(bad, kExitUsage);
  EXPECT_EQ(bad_err, "evolbench gate: --allow-changed: 'model' is not testset or judge\n");
}

TEST_F(GateFinding8, RenamedModelIsAFailedCheckInTheOutputAndTheJunit) {
  const auto [code, out, err] = gate({"--baseline", path("baseline.json"), "--candidate", path("renamed.json"),
                                      "--junit", path("junit.xml")});
  EXPECT_EQ(code, kExitCheckFailed) << err;
  EXPECT_NE(out.find("FAIL win_rate cand vs ref, overall: not in the candidate run"), std::string::npos) << out;
  EXPECT_NE(out.find("FAIL win_rate cand-v2 vs ref, overall: not in the baseline run"), std::string::npos) << out;
  EXPECT_NE(read("junit.xml").find("<failure message=\"not in the candidate run"), std::string::npos);
}

TEST_F(GateFinding8, RenameMapsTheOldNameToTheNew) {
  const auto [code, out, err] = gate({"--baseline", path("baseline.json"), "--candidate", path("renamed.json"),
                                      "--rename", "cand=cand-v2"});
  EXPECT_EQ(code, kExitCheckFailed) << err;
  EXPECT_EQ(out.rfind("note: 'cand' of the baseline is 'cand-v2' of the candidate\n", 0), 0u) << out;
  EXPECT_NE(out.find("FAIL win_rate cand-v2 vs ref, overall: 70.0% -> 40.0%"), std::string::npos) << out;
  const auto [bad, bad_out, bad_err] = gate({"--baseline", path("baseline.json"), "--candidate",
                                             path("renamed.json"), "--rename", "cand"});
  EXPECT_EQ(bad, kExitUsage);
  EXPECT_EQ(bad_err, "evolbench gate: --rename 'cand': expected OLD=NEW\n");
}

TEST_F(GateFinding8, OwnMessagesAreNotPrefixedTwice) {
  write("ref.yaml", "reference: nobody\n");
  const auto [code, out, err] = gate({"--baseline", path("baseline.json"), "--candidate", path("same.json"),
                                      "--rules", path("ref.yaml")});
  EXPECT_EQ(code, kExitUsage);
  EXPECT_EQ(err, "evolbench gate: the reference model 'nobody' is not in the baseline run\n");
}

TEST_F(GateFinding8, UnwritableJunitFailsBeforeAnyCheckIsPrinted) {
  const std::string junit = path("no-such-folder") + "/sub/junit.xml";
  fs::create_directories(dir_);
  std::ofstream(dir_ / "no-such-folder") << "a file, not a folder";
  const auto [code, out, err] = gate({"--baseline", path("baseline.json"), "--candidate", path("worse.json"),
                                      "--junit", junit});
  EXPECT_EQ(code, kExitUsage);
  EXPECT_EQ(out, "");
  EXPECT_NE(err.find("no-such-folder"), std::string::npos) << err;
}

TEST_F(GateFinding8, RulesFileWithOnlyModelsKeepsTheDefaultRules) {
  write("models.yaml", "reference: ref\nmodels: [cand]\n");
  const auto [code, out, err] = gate({"--baseline", path("baseline.json"), "--candidate", path("worse.json"),
                                      "--rules", path("models.yaml")});
  EXPECT_EQ(code, kExitCheckFailed) << err;
  // The default rules: win rate overall and per bucket, LC win rate, rating.
  EXPECT_NE(out.find("FAIL win_rate cand vs ref, overall"), std::string::npos) << out;
  EXPECT_NE(out.find("skip lc_win_rate cand vs ref, overall"), std::string::npos) << out;
  EXPECT_NE(out.find("skip rating cand vs ref, overall"), std::string::npos) << out;
}

}  // namespace
}  // namespace evolbench

namespace evolbench {
namespace {

TEST_F(GateCommand, BeyondJudgeNoiseIsForWinRateRulesOnly) {
  write("noise.yaml", "rules:\n  - {metric: rating, max_drop: 25, beyond_judge_noise: true}\n");
  const auto [code, out, err] = gate({"--baseline", path("baseline.json"), "--candidate", path("same.json"),
                                      "--rules", path("noise.yaml")});
  EXPECT_EQ(code, kExitUsage);
  EXPECT_NE(err.find(":2: field 'rules[0].beyond_judge_noise': only a win_rate rule can ask for it"),
            std::string::npos)
      << err;
}

}  // namespace
}  // namespace evolbench
