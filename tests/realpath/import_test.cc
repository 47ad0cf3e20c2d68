// `evolbench import` as a user runs it on the files AlpacaEval and Arena-Hard publish:
// the run it makes gives the source's own numbers beside evolbench's, says it is real
// (nothing simulated, no call), and rereads the same from its store.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <tuple>
#include <vector>

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
    dir_ = testing::fresh_test_dir("evolbench-import");
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
  // AlpacaEval's preferences are soft, and so is everything computed from them. The LC
  // fit's targets are the soft preferences, as AlpacaEval 2 fits its own: with no
  // instruction term, logit p = theta + phi * tanh(length difference / its sd), fitted
  // apart by a two-parameter IRLS over the 805 annotations, gives theta = -1.39723 and
  // LC = logistic(theta) = 19.826% (with the verdicts as targets: 17.036%). AlpacaEval's
  // published LC is 5.875%: its GLM adds an instruction term fitted from many models and
  // a regularisation toward its own baselines, which one model's annotations cannot give.
  EXPECT_EQ(results["outcomes"], "soft");
  EXPECT_NEAR(pair["lc_win_rate"].get<double>(), 0.198255, 1e-5);
  EXPECT_NEAR(std::stod(row.at("length_controlled_winrate")), 5.875, 1e-3);
  // The bootstrap resamples the soft preferences: around the soft win rate, not the discrete one.
  EXPECT_LT(pair["bootstrap_ci95"][0].get<double>(), pair["soft_win_rate"].get<double>());
  EXPECT_GT(pair["bootstrap_ci95"][1].get<double>(), pair["soft_win_rate"].get<double>());

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
      {"import", "--format", "alpacaeval", first.string(), second.string(), "--rounds", "100", "--out", out.string()},
      dir_);
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

// --judge-file re-reads the judge texts: the shipped graded judge reads every one of
// Arena-Hard's gpt-4o texts as Arena-Hard did; the plain A/B/tie judge cannot read its
// [[A>B]] verdicts, and every game it reads otherwise is listed with both readings.
TEST_F(Import, AJudgeFileRereadsTheJudgeTextsAndListsWhereItDiffers) {
  const fs::path judgments = kData / "arenahard/judgment_gpt-4o_Meta-Llama-3.1-8B-Instruct.jsonl";
  const fs::path judges = fs::path(EVOLBENCH_SOURCE_DIR) / "judges";
  const fs::path graded = dir_ / "graded";
  // --rounds 100: the intervals are not what this test is about.
  const auto same = run_evolbench({"import", "--format", "arena-hard", judgments.string(), "--rounds", "100", "--judge-file",
                                   (judges / "pairwise-graded.yaml").string(), "--out", graded.string()},
                                  dir_);
  ASSERT_EQ(same.status, 0) << same.err;
  const auto check = read_json(graded / "results.json")["import_check"];
  EXPECT_EQ(check["judgments"], 1000);
  EXPECT_EQ(check["reread_same"], 1000);
  EXPECT_EQ(check["reread_different"], 0);
  EXPECT_EQ(read_text(graded / "import_disagreements.jsonl"), "");
  EXPECT_NE(read_text(graded / "summary.md").find("1000 of 1000 read as the source recorded them"), std::string::npos);

  const fs::path plain = dir_ / "plain";
  const auto differ = run_evolbench({"import", "--format", "arena-hard", judgments.string(), "--rounds", "100", "--judge-file",
                                     (judges / "pairwise.yaml").string(), "--out", plain.string()},
                                    dir_);
  ASSERT_EQ(differ.status, 0) << differ.err;
  const auto plain_check = read_json(plain / "results.json")["import_check"];
  EXPECT_EQ(plain_check["reread_same"].get<int>() + plain_check["reread_different"].get<int>(), 1000);
  EXPECT_GT(plain_check["reread_different"].get<int>(), 900);
  std::istringstream listed(read_text(plain / "import_disagreements.jsonl"));
  int lines = 0;
  for (std::string line; std::getline(listed, line); ++lines) {
    const auto entry = nlohmann::json::parse(line);
    EXPECT_NE(entry["theirs"], entry["ours"]);
    EXPECT_FALSE(entry["judge_text"].get<std::string>().empty());
  }
  EXPECT_EQ(lines, plain_check["reread_different"].get<int>());

  // AlpacaEval keeps no judge text to read: refused before anything is written.
  const fs::path none = dir_ / "none";
  const auto refused = run_evolbench({"import", "--format", "alpacaeval",
                                      (kData / "alpacaeval/alpaca-7b.annotations.json").string(), "--judge-file",
                                      (judges / "pairwise.yaml").string(), "--out", none.string()},
                                     dir_);
  EXPECT_EQ(refused.status, 2);
  EXPECT_NE(refused.err.find("no judge text to re-read"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(none));
}

// FastChat's MT-Bench judgments: single grades give scores[] by FastChat's rule (the
// readable grades of both turns pooled, -1 dropped and counted), counted here from the
// file; turn 2 is not in the run yet and the run says how many judgments that leaves out.
TEST_F(Import, MtBenchSingleGradesGiveFastChatsScoreWithBothTurnsInTheRun) {
  const fs::path judgments = kData / "mtbench/model_judgment/gpt-4_single.jsonl";
  std::istringstream lines(read_text(judgments));
  std::map<std::string, std::pair<double, int>> sums;  // model -> (sum, readable)
  int turn_two = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    const auto record = nlohmann::json::parse(line);
    turn_two += record["turn"] == 2;
    if (record["score"].get<double>() < 0) continue;
    auto& [sum, count] = sums[record["model"].get<std::string>()];
    sum += record["score"].get<double>();
    ++count;
  }
  const fs::path out = dir_ / "run";
  const auto imported = run_evolbench({"import", "--format", "mt-bench-single", judgments.string(), "--out", out.string()}, dir_);
  ASSERT_EQ(imported.status, 0) << imported.err;
  const auto results = read_json(out / "results.json");
  ASSERT_EQ(results["scores"].size(), sums.size());
  for (const auto& score : results["scores"]) {
    const auto& [sum, count] = sums.at(score["model"].get<std::string>());
    EXPECT_NEAR(score["score"].get<double>(), sum / count, 1e-12);
    EXPECT_EQ(score["n"], count);
    EXPECT_EQ(score["by_turn"].size(), 2u);
  }
  // Turn 2 is in the run since runs hold conversations: nothing is left out to note.
  ASSERT_GT(turn_two, 0);
  EXPECT_FALSE(results.contains("import_notes")) << results["import_notes"].dump();
  EXPECT_NE(read_text(out / "summary.md").find("Single-answer scores"), std::string::npos);
  EXPECT_EQ(imported.err.find("not in the run"), std::string::npos) << imported.err;
}

// FastChat's pair judgments: game 1 shows model_1 first, game 2 model_2; both orders
// make one item, FastChat's "error" is an unreadable game, and its judge texts re-read
// with the shipped A/B/tie judge as FastChat read them.
TEST_F(Import, MtBenchPairJudgmentsAreItemsJudgedInBothOrders) {
  const fs::path judgments = kData / "mtbench/model_judgment/gpt-4_pair.jsonl";
  int records = 0;
  std::istringstream lines(read_text(judgments));
  std::string first_model;
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) {
      if (records++ == 0) first_model = nlohmann::json::parse(line)["model_1"];
    }
  const fs::path out = dir_ / "run";
  const auto imported = run_evolbench({"import", "--format", "mt-bench-pair", judgments.string(), "--judge-file",
                                       (fs::path(EVOLBENCH_SOURCE_DIR) / "judges/pairwise.yaml").string(), "--out",
                                       out.string()},
                                      dir_);
  ASSERT_EQ(imported.status, 0) << imported.err;
  const auto results = read_json(out / "results.json");
  EXPECT_EQ(results["judge"]["orders"], "both");
  EXPECT_EQ(results["ratings_anchor"], first_model);
  ASSERT_EQ(results["pairs"].size(), 2u);
  const auto pair = results["pairs"][0];
  EXPECT_EQ(pair["n"].get<int>() + pair["unparsed"].get<int>(), records);
  EXPECT_EQ(results["import_check"]["judgments"].get<int>(), 2 * records);
  EXPECT_EQ(results["import_check"]["reread_different"], 0);
  EXPECT_EQ(results["run"]["simulated_models"], nlohmann::json::array());
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


// The same Arena-Hard judgments as the battles it wrote from them: its score and
// interval are the judgment file's, to the last digit, and evolbench counts items.
TEST_F(Import, ArenaHardBattlesGiveTheScoreTheirJudgmentsGive) {
  const fs::path battles = kData / "arenahard/battles_Meta-Llama-3.1-8B-Instruct.jsonl";
  const fs::path judgments = kData / "arenahard/judgment_gpt-4o_Meta-Llama-3.1-8B-Instruct.jsonl";
  const fs::path from_battles = dir_ / "battles", from_judgments = dir_ / "judgments";
  const auto imported = run_evolbench({"import", "--format", "arena-hard-battles", battles.string(), "--baseline",
                                       "gpt4_1106_preview", "--out", from_battles.string()},
                                      dir_);
  ASSERT_EQ(imported.status, 0) << imported.err;
  const auto judged = run_evolbench({"import", "--format", "arena-hard", judgments.string(), "--baseline",
                                     "gpt4_1106_preview", "--out", from_judgments.string()},
                                    dir_);
  ASSERT_EQ(judged.status, 0) << judged.err;
  const auto results = read_json(from_battles / "results.json");
  const auto pair = pair_of(results, "Meta-Llama-3.1-8B-Instruct", "gpt4_1106_preview");
  const auto judged_pair = pair_of(read_json(from_judgments / "results.json"), "Meta-Llama-3.1-8B-Instruct",
                                   "gpt4_1106_preview");
  EXPECT_EQ(pair["arena_hard_score"], judged_pair["arena_hard_score"]);
  EXPECT_EQ(pair["arena_hard_ci95"], judged_pair["arena_hard_ci95"]);
  EXPECT_NEAR(pair["arena_hard_score"].get<double>(), (541.0 + 66.0 / 2) / 1239.0, 1e-9);

  // An item's verdict is the side that won more of the question's rows (a strong verdict
  // is 3 rows), counted here from the file.
  std::map<std::string, int> net_wins;  // the model's rows won less lost, by question
  std::istringstream rows(read_text(battles));
  for (std::string line; std::getline(rows, line);) {
    if (line.empty()) continue;
    const auto row = nlohmann::json::parse(line);
    const std::string winner = row["winner"];
    net_wins[row["question_id"]] += winner == "model_b" ? 1 : winner == "model_a" ? -1 : 0;
  }
  int wins = 0, ties = 0, losses = 0;
  for (const auto& [question, net] : net_wins) (net > 0 ? wins : net < 0 ? losses : ties) += 1;
  EXPECT_EQ(pair["n"], 500);
  EXPECT_EQ(pair["wins"], wins);
  EXPECT_EQ(pair["ties"], ties);
  EXPECT_EQ(pair["losses"], losses);

  // Rows record no position: no position figure is claimed, and the report says why.
  EXPECT_EQ(results["judge"]["orders"], "battle-rows");
  ASSERT_EQ(results["judge"]["judges"].size(), 1u);
  EXPECT_TRUE(results["judge"]["judges"][0]["first_position_win_share"].is_null());
  EXPECT_TRUE(results["judge"]["judges"][0]["position_consistency"].is_null());
  const std::string html = read_text(from_battles / "index.html");
  EXPECT_NE(html.find("positions not recorded by the source"), std::string::npos);
  EXPECT_NE(html.find("battle rows record no position"), std::string::npos);
  EXPECT_EQ(results["run"]["simulated_models"], nlohmann::json::array());
  EXPECT_EQ(results["run"]["total"]["calls"], 0);
  const std::string summary = read_text(from_battles / "summary.md");
  EXPECT_EQ(summary.find("imulated"), std::string::npos);
  EXPECT_NE(summary.find("Arena-Hard score 46.3% "), std::string::npos) << summary;
}

TEST_F(Import, ArenaHardBattlesWithoutTheirBaselineSayToNameIt) {
  const fs::path out = dir_ / "run";
  const auto refused = run_evolbench({"import", "--format", "arena-hard-battles",
                                      (kData / "arenahard/battles_Meta-Llama-3.1-8B-Instruct.jsonl").string(),
                                      "--out", out.string()},
                                     dir_);
  EXPECT_EQ(refused.status, 2);
  EXPECT_NE(refused.err.find("baseline 'gpt-4-0314' has no battles"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--baseline"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(out));
}

// Five Chatbot Arena votes, two of them with a question id.
const char* const kArenaVotes =
    R"j([{"model_a": "x", "model_b": "y", "winner": "model_a", "judge": "arena_user_1"},)j"
    R"j( {"model_a": "y", "model_b": "x", "winner": "tie (bothbad)"},)j"
    R"j( {"model_a": "x", "model_b": "z", "winner": "model_b", "question_id": "q7"},)j"
    R"j( {"model_a": "z", "model_b": "y", "winner": "model_a"},)j"
    R"j( {"model_a": "y", "model_b": "z", "winner": "model_a", "question_id": 12}])j";

// Each vote without a question id is an item of its own, so a pair's win rate is its
// share of votes won, and the ratings are those `stats --battles` gives the same file.
TEST_F(Import, ArenaBattlesVotesAreItemsAndRateAsStatsBattlesRatesThem) {
  const fs::path votes = dir_ / "votes";
  write_text(votes, kArenaVotes);
  const fs::path out = dir_ / "run";
  const auto imported = run_evolbench({"import", "--format", "arena-battles", votes.string(), "--out", out.string()}, dir_);
  ASSERT_EQ(imported.status, 0) << imported.err;
  const auto results = read_json(out / "results.json");
  EXPECT_EQ(results["ratings_anchor"], "x");  // the first model of the first vote
  // The file's question ids, then the votes without one, named by their place in the file.
  EXPECT_EQ(results["testset"]["item_ids"], (nlohmann::json{"q7", "12", "arena-1", "arena-2", "arena-4"}));
  const auto x_vs_y = pair_of(results, "x", "y");
  EXPECT_EQ(x_vs_y["n"], 2);
  EXPECT_EQ(x_vs_y["wins"], 1);
  EXPECT_EQ(x_vs_y["ties"], 1);
  EXPECT_FALSE(x_vs_y.contains("arena_hard_score"));
  EXPECT_EQ(results["judge"]["orders"], "battle-rows");
  EXPECT_EQ(results["judge"]["judges"][0]["judge_model"], "chatbot-arena voters");

  const auto rated = run_evolbench({"stats", "--battles", votes.string(), "--json"}, dir_);
  ASSERT_EQ(rated.status, 0) << rated.err;
  const auto stats_ratings = nlohmann::json::parse(rated.out)["ratings"];
  std::map<std::string, double> elo;
  for (const auto& rating : stats_ratings) elo[rating["model"]] = rating["elo"];
  ASSERT_EQ(results["ratings"].size(), 3u);
  for (const auto& rating : results["ratings"]) EXPECT_NEAR(rating["elo"].get<double>(), elo[rating["model"]], 1e-6);

  const fs::path anchored = dir_ / "anchored";
  const auto with_baseline = run_evolbench(
      {"import", "--format", "arena-battles", votes.string(), "--baseline", "z", "--out", anchored.string()}, dir_);
  ASSERT_EQ(with_baseline.status, 0) << with_baseline.err;
  EXPECT_EQ(read_json(anchored / "results.json")["ratings_anchor"], "z");
}

// `stats --battles` on the files as a user has them, named or not.
class StatsBattles : public Import {};

TEST_F(StatsBattles, ABadRowIsNamedByFileLineAndFieldBeforeAnyOutput) {
  const fs::path battles = dir_ / "battles.txt";
  write_text(battles, "{\"model_a\": \"x\", \"model_b\": \"y\", \"winner\": \"tie\"}\n\n"
                      "{\"model_a\": \"x\", \"model_b\": \"y\", \"winner\": \"model_c\"}\n");
  const auto rated = run_evolbench({"stats", "--battles", battles.string()}, dir_);
  EXPECT_EQ(rated.status, 2);
  EXPECT_EQ(rated.out, "");
  EXPECT_EQ(rated.err, "evolbench stats: " + battles.string() +
                           ":3: field 'winner': 'model_c' is not model_a, model_b, tie or tie (bothbad)\n");
}

// The issue's check: a weighted CSV rates, intervals and all, as its rows written out
// one battle each (here as JSONL) do.
TEST_F(StatsBattles, AWeightedCsvRatesAsItsExpandedRowsDo) {
  const fs::path weighted = dir_ / "weighted.csv", expanded = dir_ / "expanded";
  write_text(weighted, "model_a,model_b,winner,weight\nx,y,model_a,3\nx,y,tie,2\ny,z,model_b,0\ny,z,model_a,4\n"
                       "z,x,model_a,1\n");
  std::string lines;
  for (const auto& [model_a, model_b, winner, weight] :
       std::vector<std::tuple<std::string, std::string, std::string, int>>{
           {"x", "y", "model_a", 3}, {"x", "y", "tie", 2}, {"y", "z", "model_a", 4}, {"z", "x", "model_a", 1}})
    for (int copy = 0; copy < weight; ++copy)
      lines += R"({"model_a": ")" + model_a + R"(", "model_b": ")" + model_b + R"(", "winner": ")" + winner + "\"}\n";
  write_text(expanded, lines);
  const auto from_weighted = run_evolbench({"stats", "--battles", weighted.string(), "--json"}, dir_);
  const auto from_expanded = run_evolbench({"stats", "--battles", expanded.string(), "--json"}, dir_);
  ASSERT_EQ(from_weighted.status, 0) << from_weighted.err;
  ASSERT_EQ(from_expanded.status, 0) << from_expanded.err;
  EXPECT_EQ(from_weighted.out, from_expanded.out);
  EXPECT_EQ(nlohmann::json::parse(from_weighted.out)["ratings"].size(), 3u);
}

}  // namespace
}  // namespace evolbench
