// Self-preference on the real path: a judge behind the sim-server, over HTTP, that leans
// toward its own family's answers, in a panel with an in-process judge that does not.
// Two models of equal quality, one of the judge's family: results.json and the report
// must flag the judge and count its own-family verdicts apart, and the panel must leave
// it out of that pair when the plan says so.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "llm/sim_server_process.h"
#include "run/pipeline.h"
#include "run/plan.h"

namespace evolbench {
namespace {

constexpr int kItems = 150;

class SelfPreferenceRun : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("evolbench-self-preference-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    std::ofstream testset(dir_ / "testset.jsonl");
    for (int i = 0; i < kItems; ++i)
      testset << "{\"id\": \"q" << i << "\", \"instruction\": \"Question " << i
              << ": how would you explain tides to a child?\", \"difficulty\": " << 1 + i % 10 << "}\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // gpt-judge is the sim-server's sim-judge, named of family gpt; fair-judge is simulated
  // in process with the same biases but none for a family.
  Result<Results> run(const std::string& base_url, bool exclude_own_family) const {
    std::ofstream yaml(dir_ / "plan.yaml");
    yaml << "seed: 3\n"
         << "sim:\n  judges: [{name: fair-judge}]\n"
         << "models:\n"
         << "  - {name: gpt-mini, quality: 0.3, family: gpt}\n"
         << "  - {name: claude-mini, quality: 0.3, family: claude}\n"
         << "endpoints:\n  gpt-judge: {kind: openai, base_url: \"" << base_url
         << "\", model: sim-judge, family: gpt, max_in_flight: 16}\n"
         << "testset: {path: testset.jsonl}\n"
         << "judge: {file: \"" << EVOLBENCH_SOURCE_DIR << "/judges/pairwise.yaml\", panel: [gpt-judge, fair-judge]"
         << (exclude_own_family ? ", exclude_own_family: true" : "") << "}\n"
         << "stats: {rounds: 100}\n";
    yaml.close();
    auto plan = load_plan((dir_ / "plan.yaml").string());
    EVB_TRY(plan);
    RunOptions options;
    options.out_dir = (dir_ / "out").string();
    options.progress = nullptr;
    return run_plan(*plan, options);
  }

  nlohmann::json results_json() const {
    std::ifstream in(dir_ / "out" / "results.json");
    return nlohmann::json::parse(in);
  }
  std::string report_html() const {
    std::ifstream in(dir_ / "out" / "index.html");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::filesystem::path dir_;
};

TEST_F(SelfPreferenceRun, APlantedSelfFamilyJudgeIsFlaggedAndItsOwnFamilyVerdictsCountedApart) {
  testing::SimServerProcess server({"--seed", "3", "--judge-self-bias", "gpt:1.0"});
  ASSERT_GT(server.port(), 0);
  auto results = run(server.base_url(), /*exclude_own_family=*/true);
  ASSERT_TRUE(results.ok()) << results.error().message;

  const nlohmann::json json = results_json();
  EXPECT_EQ(json["families"]["gpt-judge"], "gpt");
  EXPECT_EQ(json["families"]["fair-judge"], "fair");  // the default rule
  EXPECT_EQ(json["families"]["claude-mini"], "claude");
  ASSERT_EQ(json["self_preference"].size(), 1u);
  const nlohmann::json& entry = json["self_preference"][0];
  EXPECT_EQ(entry["judge"], "gpt-judge");
  EXPECT_EQ(entry["family"], "gpt");
  EXPECT_EQ(entry["left_out"], true);
  ASSERT_EQ(entry["pairs"].size(), 1u);
  EXPECT_EQ(entry["pairs"][0]["model"], "gpt-mini");
  EXPECT_EQ(entry["pairs"][0]["opponent"], "claude-mini");
  EXPECT_EQ(entry["own"]["n"], kItems);
  EXPECT_EQ(entry["others"]["n"], kItems);
  // Equal models: a judge without a stake holds them even; the planted one (1 logit for its
  // family) gives its family's model a win rate whose interval lies above one half.
  const double own = entry["own"]["win_rate"], others = entry["others"]["win_rate"];
  EXPECT_GT(entry["own"]["ci95"][0].get<double>(), 0.5) << own;
  EXPECT_LT(entry["others"]["ci95"][0].get<double>(), 0.5) << others;
  EXPECT_GT(entry["others"]["ci95"][1].get<double>(), 0.5) << others;
  EXPECT_GT(own - others, 0.1);

  // The panel's verdicts on the pair are fair-judge's alone.
  for (const auto& pair : json["pairs"])
    if (pair["model"] == "gpt-mini") {
      EXPECT_EQ(pair["n"], entry["others"]["n"]);
      EXPECT_EQ(pair["wins"], entry["others"]["wins"]);
      EXPECT_EQ(pair["ties"], entry["others"]["ties"]);
    }

  const std::string html = report_html();
  EXPECT_NE(html.find("Self-preference: judge gpt-judge grades its own family (gpt)"), std::string::npos);
  EXPECT_NE(html.find("The panel's verdicts leave it out of those pairs"), std::string::npos);
  EXPECT_NE(html.find("id=\"self-preference\""), std::string::npos);
}

TEST_F(SelfPreferenceRun, WithoutExclusionThePanelCountsTheSelfFamilyJudge) {
  testing::SimServerProcess server({"--seed", "3", "--judge-self-bias", "gpt:1.0"});
  ASSERT_GT(server.port(), 0);
  auto results = run(server.base_url(), /*exclude_own_family=*/false);
  ASSERT_TRUE(results.ok()) << results.error().message;
  ASSERT_EQ(results->self_preference.size(), 1u);
  EXPECT_FALSE(results->self_preference[0].left_out);
  EXPECT_NE(report_html().find("Its verdicts on those pairs are counted in the results."), std::string::npos);
}

TEST(SelfPreferencePlan, ExcludingOwnFamilyNeedsAPanel) {
  const auto dir = std::filesystem::temp_directory_path() / ("evolbench-exclude-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "testset.jsonl") << "{\"id\": \"q1\", \"instruction\": \"Why is the sky blue?\"}\n";
  std::ofstream(dir / "plan.yaml") << "models:\n  - {name: a, quality: 0}\n  - {name: b, quality: 0}\n"
                                   << "testset: {path: testset.jsonl}\njudge: {exclude_own_family: true}\n";
  auto plan = load_plan((dir / "plan.yaml").string());
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.error().message.find("judge.exclude_own_family"), std::string::npos) << plan.error().message;
}

}  // namespace
}  // namespace evolbench
