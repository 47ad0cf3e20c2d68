#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "imports/imported_judgments.h"
#include "imports/scratch_file.h"
#include "stats/source_figures.h"

namespace evolbench {
namespace {

using testing::kSharedData;
using testing::scratch_file;
using testing::scratch_path;

// The published row: the header's column names mapped to the row's values.
std::map<std::string, std::string> leaderboard_row(const std::string& path) {
  std::ifstream in(path);
  std::string header, row;
  std::getline(in, header);
  std::getline(in, row);
  std::map<std::string, std::string> columns;
  std::stringstream names(header), values(row);
  std::string name, value;
  while (std::getline(names, name, ',')) {
    std::getline(values, value, ',');
    columns[name] = value;
  }
  return columns;
}

std::string error_of(const std::string& name, const std::string& content, ImportOptions options = {}) {
  auto read = read_judgments(scratch_file(name, content), JudgmentFormat::kAlpacaEval, options);
  return read.ok() ? "" : read.error().message;
}

std::string annotation(const std::string& instruction, const std::string& generator_1,
                       const std::string& preference) {
  return R"({"instruction": ")" + instruction + R"(", "output_1": "o1", "generator_1": ")" + generator_1 +
         R"(", "output_2": "o2", "generator_2": "m", "preference": )" + preference + "}";
}

TEST(AlpacaEval, FixtureReproducesItsLeaderboardRowToFourDecimals) {
  auto imported = read_judgments(kSharedData + "/alpacaeval/alpaca-7b.annotations.json",
                                 JudgmentFormat::kAlpacaEval, {});
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  const auto published = leaderboard_row(kSharedData + "/alpacaeval/alpaca-7b.leaderboard_row.csv");
  const AlpacaEvalFigures figures = alpacaeval_figures(readable_preferences(imported->games));
  // AlpacaEval prints percentages; ours are fractions.
  EXPECT_NEAR(100 * figures.soft_win_rate, std::stod(published.at("win_rate")), 5e-5);
  EXPECT_NEAR(100 * figures.soft_standard_error, std::stod(published.at("standard_error")), 5e-5);
  EXPECT_NEAR(100 * figures.win_rate, std::stod(published.at("discrete_win_rate")), 5e-5);
  EXPECT_EQ(figures.wins, std::stoi(published.at("n_wins")));
  EXPECT_EQ(figures.ties, std::stoi(published.at("n_draws")));
  EXPECT_EQ(figures.losses, std::stoi(published.at("n_wins_base")));
  EXPECT_EQ(figures.n, std::stoi(published.at("n_total")));
}

TEST(AlpacaEval, FixtureReadsItemsAnswersAndGamesAgainstItsBaseline) {
  auto imported = read_judgments(kSharedData + "/alpacaeval/alpaca-7b.annotations.json",
                                 JudgmentFormat::kAlpacaEval, {.baseline = "gpt4_1106_preview"});
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  EXPECT_EQ(imported->baseline, "gpt4_1106_preview");
  EXPECT_EQ(imported->items.size(), 805u);
  EXPECT_EQ(imported->answers.size(), 2u * 805u);
  ASSERT_EQ(imported->games.size(), 805u);
  EXPECT_EQ(imported->unreadable, 0);
  EXPECT_TRUE(imported->warnings.empty());
  const ImportedGame& first = imported->games[0];
  EXPECT_EQ(first.game.model_a, "gpt4_1106_preview");
  EXPECT_EQ(first.game.model_b, "alpaca-7b");
  EXPECT_EQ(first.game.judge, "weighted_alpaca_eval_gpt4_turbo");
  EXPECT_EQ(first.game.outcome, Outcome::kWin);  // preference 1.0000001827: the baseline's
  EXPECT_FALSE(first.position_known);
  EXPECT_EQ(first.game.output, "M");  // the judge's one-token reply
  EXPECT_EQ(first.game.item_id, imported->items[0].id);
  EXPECT_EQ(imported->items[0].skill, "helpful_base");
}

TEST(AlpacaEval, PreferenceDecidesWinnerAndUnreadableIsCountedNotATie) {
  const std::string path = scratch_file("preferences.json",
      "[" + annotation("a", "base", "1.9") + "," + annotation("b", "base", "1.5") + "," +
      annotation("c", "base", "1.2") + "," + annotation("d", "base", "null") + "," +
      annotation("e", "base", "0") + "]");
  auto imported = read_judgments(path, JudgmentFormat::kAlpacaEval, {});
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  ASSERT_EQ(imported->games.size(), 5u);
  EXPECT_EQ(imported->games[0].game.outcome, Outcome::kLoss);  // for the baseline
  EXPECT_EQ(imported->games[1].game.outcome, Outcome::kTie);
  EXPECT_EQ(imported->games[2].game.outcome, Outcome::kWin);
  EXPECT_NEAR(*imported->games[2].game.preference, 0.8, 1e-12);
  EXPECT_EQ(imported->games[3].game.outcome, Outcome::kUnparsed);
  EXPECT_EQ(imported->games[4].game.outcome, Outcome::kUnparsed);
  EXPECT_EQ(imported->unreadable, 2);
  EXPECT_EQ(readable_preferences(imported->games), (std::vector<double>{1.9, 1.5, 1.2}));
}

TEST(AlpacaEval, TwoBaselinesInOneFileIsAnErrorNamingRecordAndField) {
  const std::string path = scratch_path("two-baselines.json");
  EXPECT_EQ(error_of("two-baselines.json", "[" + annotation("a", "x", "1.2") + "," + annotation("b", "y", "1.2") + "]"),
            path + ": record 2: field 'generator_1': a second baseline 'y' (" + path +
                ": record 1 has 'x'); import one baseline per file");
}

TEST(AlpacaEval, BaselineOtherThanTheOneAskedForIsAnError) {
  const std::string message = error_of("asked.json", "[" + annotation("a", "x", "1.2") + "]", {.baseline = "z"});
  EXPECT_NE(message.find(": record 1: field 'generator_1': 'x' is not the baseline asked for, 'z'"),
            std::string::npos) << message;
}

TEST(AlpacaEval, MissingFieldNamesRecordAndField) {
  const std::string message = error_of("missing.json", R"([{"instruction": "a", "output_1": "o", "generator_1": "x",
      "output_2": "o", "generator_2": "m"}])");
  EXPECT_NE(message.find("missing.json: record 1: field 'preference': missing"), std::string::npos) << message;
}

// Found by fuzz target judgment_import_alpacaeval: a preference of 888e888 ended the
// process with nlohmann's out_of_range exception.
TEST(AlpacaEval, PreferenceBeyondADoubleIsAnInputError) {
  const std::string message = error_of("overflow.json", "[" + annotation("a", "x", "888e888") + "]");
  EXPECT_NE(message.find("overflow.json: not valid JSON: number overflow parsing '888e888'"), std::string::npos)
      << message;
}

TEST(AlpacaEval, AFileOfAnotherFormatIsAnError) {
  const std::string message = error_of("jsonl.json", R"({"question_id": 1, "model": "m", "games": []})");
  EXPECT_NE(message.find("jsonl.json: expected a JSON array of AlpacaEval annotations, got object"),
            std::string::npos) << message;
}

TEST(AlpacaEval, RepeatedInstructionKeepsTheLaterJudgmentWithAWarning) {
  const std::string path = scratch_file("repeated.json",
      "[" + annotation("a", "x", "1.9") + "," + annotation("b", "x", "1.5") + "," + annotation("a", "x", "1.1") + "]");
  auto imported = read_judgments(path, JudgmentFormat::kAlpacaEval, {});
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  ASSERT_EQ(imported->games.size(), 2u);
  EXPECT_EQ(*imported->games[0].source_value, 1.1);
  EXPECT_EQ(imported->items.size(), 2u);
  EXPECT_EQ(imported->answers.size(), 4u);
  ASSERT_EQ(imported->warnings.size(), 1u);
  EXPECT_EQ(imported->warnings[0], path + ": record 3: model 'm', question '" + imported->items[0].id +
                                       "', turn 1 was judged before at " + path + ": record 1; keeping " + path +
                                       ": record 3, the later one");
}

}  // namespace
}  // namespace evolbench
