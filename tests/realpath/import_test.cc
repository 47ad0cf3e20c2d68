// `evolbench import` as a user runs it on the files AlpacaEval and Arena-Hard publish:
// the run it makes gives the source's own numbers beside evolbench's, says it is real
// (nothing simulated, no call), and rereads the same from its store.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <sstream>

#include "realpath/process.h"

namespace evolbench {
namespace {

namespace fs = std::filesystem;
using testing::read_json;
using testing::read_text;
using testing::run_evolbench;
using testing::write_text;

const fs::path kData = EVOLBENCH_SHARED_DATA_DIR;

class Import : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("evolbench-import-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The pair of `model` against `opponent` in results.json.
  static nlohmann::json pair_of(const nlohmann::json& results, const std::string& model, const std::string& opponent) {
    for (const auto& pair : results["pairs"])
      if (pair["model"] == model && pair["opponent"] == opponent) return pair;
    ADD_FAILURE() << "no pair " << model << " vs " << opponent;
    return {};
  }

  fs::path dir_;
};

// The leaderboard row AlpacaEval published for the model: header line, then values.
std::map<std::string, std::string> leaderboard_row(const fs::path& path) {
  std::istringstream text(read_text(path));
  std::string header, values;
  std::getline(text, header);
  std::getline(text, values);
  std::map<std::string, std::string> row;
  std::istringstream names(header), cells(values);
  for (std::string name, cell; std::getline(names, name, ',');) {
    std::getline(cells, cell, ',');
    row[name] = cell;
  }
  return row;
}

TEST_F(Import, AlpacaEvalAnnotationsGiveTheirLeaderboardRowAndSayTheRunIsReal) {
  const fs::path annotations = kData / "alpacaeval/alpaca-7b.annotations.json";
  const auto row = leaderboard_row(kData / "alpacaeval/alpaca-7b.leaderboard_row.csv");
  const fs::path out = dir_ / "run";
  const auto imported = run_evolbench({"import", "--format", "alpacaeval", annotations.string(), "--out", out.string()}, dir_);
  ASSERT_EQ(imported.status, 0) << imported.err;

  const auto results = read_json(out / "results.json");
  const auto pair = pair_of(results, "alpaca-7b", "gpt4_1106_preview");
  EXPECT_NEAR(pair["soft_win_rate"].get<double>() * 100, std::stod(row.at("win_rate")), 5e-5);
  EXPECT_NEAR(pair["soft_standard_error"].get<double>() * 100, std::stod(row.at("standard_error")), 5e-5);
  EXPECT_NEAR(pair["win_rate"].get<double>() * 100, std::stod(row.at("discrete_win_rate")), 5e-5);
  EXPECT_EQ(pair["wins"], std::stoi(row.at("n_wins")));
  EXPECT_EQ(pair["ties"], std::stoi(row.at("n_draws")));
  EXPECT_EQ(pair["losses"], std::stoi(row.at("n_wins_base")));
  EXPECT_EQ(pair["n"], std::stoi(row.at("n_total")));
  // evolbench's own interval beside the source's standard error: over items, holding the mean.
  EXPECT_LT(pair["bootstrap_ci95"][0].get<double>(), pair["win_rate"].get<double>());
  EXPECT_GT(pair["bootstrap_ci95"][1].get<double>(), pair["win_rate"].get<double>());

  EXPECT_EQ(results["run"]["simulated_models"], nlohmann::json::array());
  EXPECT_EQ(results["run"]["total"]["calls"], 0);
  // AlpacaEval does not record which output its annotator showed first: no position
  // bias is claimed (the baseline's 97.5% wins would otherwise read as one).
  ASSERT_EQ(results["judge"]["judges"].size(), 1u);
  EXPECT_TRUE(results["judge"]["judges"][0]["first_position_win_share"].is_null());
  EXPECT_NE(read_text(out / "index.html").find("not recorded by the source"), std::string::npos);
  EXPECT_EQ(results["ratings_anchor"], "gpt4_1106_preview");
  const std::string summary = read_text(out / "summary.md");
  EXPECT_EQ(summary.find("imulated"), std::string::npos);
  EXPECT_NE(summary.find("AlpacaEval win rate 2.59 (standard error 0.49), discrete 2.30"), std::string::npos) << summary;
  // One model, items without difficulty: LC has no instruction term, and the report
  // says why it is not AlpacaEval's published LC.
  EXPECT_EQ(pair["lc_instruction_term"], "none");
  EXPECT_EQ(pair["lc_models_in_fit"], 1);
  EXPECT_LT(pair["lc_ci95"][0].get<double>(), pair["lc_win_rate"].get<double>());
  EXPECT_GT(pair["lc_ci95"][1].get<double>(), pair["lc_win_rate"].get<double>());
  EXPECT_NE(summary.find("LC's instruction term: none"), std::string::npos) << summary;
  EXPECT_NE(summary.find("AlpacaEval's published LC for the same annotations differs"), std::string::npos) << summary;

  // The store holds the run: `stats --store` gives the same pairs.
  const fs::path again = dir_ / "again.json";
  const auto restated = run_evolbench({"stats", "--store", out.string(), "--out", again.string()}, dir_);
  ASSERT_EQ(restated.status, 0) << restated.err;
  const auto reread = read_json(again);
  EXPECT_EQ(pair_of(reread, "alpaca-7b", "gpt4_1106_preview")["bootstrap_ci95"], pair["bootstrap_ci95"]);
  EXPECT_EQ(pair_of(reread, "alpaca-7b", "gpt4_1106_preview")["soft_win_rate"], pair["soft_win_rate"]);
}

// Two annotation files against the same baseline on the same instructions: LC's
// instruction term is fitted jointly from both models, and the report says so.
TEST_F(Import, TwoAnnotationFilesFitLcsInstructionTermJointly) {
  const fs::path first = kData / "alpacaeval/alpaca-7b.annotations.json";
  auto records = read_json(first);
  for (auto& record : records) record["generator_2"] = "alpaca-7b-again";
  const fs::path second = dir_ / "alpaca-7b-again.annotations.json";
  write_text(second, records.dump());
  const fs::path out = dir_ / "run";
  const auto imported = run_evolbench(
      {"import", "--format", "alpacaeval", first.string(), second.string(), "--out", out.string()}, dir_);
  ASSERT_EQ(imported.status, 0) << imported.err;
  const auto results = read_json(out / "results.json");
  const auto one = pair_of(results, "alpaca-7b", "gpt4_1106_preview");
  const auto other = pair_of(results, "alpaca-7b-again", "gpt4_1106_preview");
  for (const auto& pair : {one, other}) {
    EXPECT_EQ(pair["lc_instruction_term"], "joint");
    EXPECT_EQ(pair["lc_models_in_fit"], 2);
    EXPECT_LE(pair["lc_ci95"][0].get<double>(), pair["lc_win_rate"].get<double>());
    EXPECT_GE(pair["lc_ci95"][1].get<double>(), pair["lc_win_rate"].get<double>());
  }
  // The same judgments under two names: the same LC.
  EXPECT_NEAR(one["lc_win_rate"].get<double>(), other["lc_win_rate"].get<double>(), 1e-9);
  EXPECT_NE(read_text(out / "summary.md").find("fitted jointly from the 2 models judged against gpt4"),
            std::string::npos);
}

TEST_F(Import, ArenaHardJudgmentsGiveItsScoreBesideTheItemLevelWinRate) {
  const fs::path judgments = kData / "arenahard/judgment_gpt-4o_Meta-Llama-3.1-8B-Instruct.jsonl";
  const fs::path out = dir_ / "run";
  const auto imported = run_evolbench(
      {"import", "--format", "arena-hard", judgments.string(), "--baseline", "gpt4_1106_preview", "--out", out.string()},
      dir_);
  ASSERT_EQ(imported.status, 0) << imported.err;
  // With two models the Bradley-Terry score is the share of battle rows won, ties half,
  // counted here from the battles Arena-Hard wrote for these judgments.
  std::istringstream battles(read_text(kData / "arenahard/battles_Meta-Llama-3.1-8B-Instruct.jsonl"));
  double won = 0, rows = 0;
  for (std::string line; std::getline(battles, line);) {
    if (line.empty()) continue;
    const auto battle = nlohmann::json::parse(line);
    const std::string winner = battle["winner"];
    const bool model_is_b = battle["model_b"] == "Meta-Llama-3.1-8B-Instruct";
    won += winner.rfind("tie", 0) == 0 ? 0.5 : (winner == "model_b") == model_is_b ? 1.0 : 0.0;
    ++rows;
  }
  const auto results = read_json(out / "results.json");
  const auto pair = pair_of(results, "Meta-Llama-3.1-8B-Instruct", "gpt4_1106_preview");
  EXPECT_NEAR(pair["arena_hard_score"].get<double>(), won / rows, 1e-6);
  const auto ci = pair["arena_hard_ci95"];
  EXPECT_LT(ci[0].get<double>(), pair["arena_hard_score"].get<double>());
  EXPECT_GT(ci[1].get<double>(), pair["arena_hard_score"].get<double>());
  // Both games of a question make one item: n + unparsed is the questions.
  EXPECT_EQ(pair["n"].get<int>() + pair["unparsed"].get<int>(), 500);
  EXPECT_EQ(results["judge"]["orders"], "both");
  // Arena-Hard records positions: game 1 shows the baseline first. This judge's first
  // answer wins 659 of the 933 decisive games.
  EXPECT_NEAR(results["judge"]["judges"][0]["first_position_win_share"].get<double>(), 659.0 / 933.0, 1e-9);
}

TEST_F(Import, FilesAgainstDifferentBaselinesAreRefusedBeforeAnythingIsWritten) {
  const fs::path other = dir_ / "other.annotations.json";
  write_text(other, R"([{"instruction": "Name a prime.", "output_1": "7", "generator_1": "some-baseline",)"
                    R"( "output_2": "9", "generator_2": "my-model", "preference": 1.2}])");
  const fs::path out = dir_ / "run";
  const auto refused = run_evolbench({"import", "--format", "alpacaeval",
                                      (kData / "alpacaeval/alpaca-7b.annotations.json").string(), other.string(),
                                      "--out", out.string()},
                                     dir_);
  EXPECT_EQ(refused.status, 2);
  EXPECT_NE(refused.err.find(other.string()), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("some-baseline"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace evolbench
