#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "imports/battles_of_games.h"
#include "imports/imported_judgments.h"
#include "imports/scratch_file.h"
#include "stats/source_figures.h"

namespace evolbench {
namespace {

using testing::kSharedData;
using testing::scratch_file;

const std::string kJudgments = kSharedData + "/arenahard/judgment_gpt-4o_Meta-Llama-3.1-8B-Instruct.jsonl";
const std::string kBattles = kSharedData + "/arenahard/battles_Meta-Llama-3.1-8B-Instruct.jsonl";
const std::string kBootstrap = kSharedData + "/arenahard/bootstrapping_results_Meta-Llama-3.1-8B-Instruct.jsonl";
const std::string kBaseline = "gpt4_1106_preview";
const std::string kModel = "Meta-Llama-3.1-8B-Instruct";

ImportedJudgments fixture() {
  auto imported = read_judgments(kJudgments, JudgmentFormat::kArenaHard, {.baseline = kBaseline});
  EXPECT_TRUE(imported.ok()) << imported.error().message;
  return imported.ok() ? std::move(imported).value() : ImportedJudgments{};
}

// The shipped battles, read with nlohmann rather than our reader.
std::vector<Battle> shipped_battles() {
  std::vector<Battle> battles;
  std::ifstream in(kBattles);
  for (std::string line; std::getline(in, line);) {
    const auto row = nlohmann::json::parse(line);
    const std::string winner = row["winner"];
    battles.push_back({row["question_id"], row["model_a"], row["model_b"],
                       winner == "model_a"   ? BattleWinner::kModelA
                       : winner == "model_b" ? BattleWinner::kModelB
                                             : BattleWinner::kTie});
  }
  return battles;
}

// The q-quantile with linear interpolation, numpy's default.
double percentile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

// The shipped rounds' win rates of the model against the baseline: Elo differences
// turned into predicted win rates, whatever the rounds were anchored to.
std::vector<double> shipped_round_win_rates() {
  std::vector<double> win_rates;
  std::ifstream in(kBootstrap);
  for (std::string line; std::getline(in, line);) {
    const auto round = nlohmann::json::parse(line);
    const double difference = round[kModel].get<double>() - round[kBaseline].get<double>();
    win_rates.push_back(1.0 / (1.0 + std::pow(10.0, -difference / 400.0)));
  }
  return win_rates;
}

double score_of(const std::vector<ArenaHardScore>& scores, const std::string& model) {
  for (const auto& score : scores)
    if (score.model == model) return score.score;
  ADD_FAILURE() << model << " has no score";
  return 0.0;
}

TEST(ArenaHard, FixtureReadsTwoGamesPerQuestionWithTheBaselineAsAFirst) {
  const ImportedJudgments imported = fixture();
  EXPECT_EQ(imported.items.size(), 500u);
  ASSERT_EQ(imported.games.size(), 1000u);
  EXPECT_EQ(imported.unreadable, 1);  // one game's score is null
  const ImportedGame& game_1 = imported.games[0];
  const ImportedGame& game_2 = imported.games[1];
  EXPECT_EQ(game_1.game.item_id, "328c149ed45a41c0b9d6f14659e63599");
  EXPECT_EQ(game_1.game.model_a, kBaseline);
  EXPECT_EQ(game_1.game.model_b, kModel);
  EXPECT_EQ(game_1.game.judge_model, "gpt-4o");
  EXPECT_TRUE(game_1.game.a_shown_first);
  EXPECT_FALSE(game_2.game.a_shown_first);
  EXPECT_FALSE(game_1.game.output.empty());  // the judge's full text
}

TEST(ArenaHard, BattlesMadeFromTheJudgmentsEqualTheShippedBattlesRowForRow) {
  const ImportedJudgments imported = fixture();
  const std::vector<Battle> ours = arena_hard_battles(imported.games);
  const std::vector<Battle> shipped = shipped_battles();
  ASSERT_EQ(ours.size(), shipped.size());
  ASSERT_EQ(shipped.size(), 1239u);  // 999 readable games, 120 of them strong: 999 + 2 * 120
  for (std::size_t row = 0; row < shipped.size(); ++row)
    ASSERT_EQ(ours[row], shipped[row]) << "row " << row + 1;
}

TEST(ArenaHard, ShippedBattlesReadBackAsTheSameRows) {
  auto imported = read_judgments(kBattles, JudgmentFormat::kArenaHardBattles, {});
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  EXPECT_EQ(imported->items.size(), 500u);
  EXPECT_EQ(arena_hard_battles(imported->games), shipped_battles());
}

// With two models the maximum-likelihood win rate is the share of battles won, ties as
// half: the model won 541 of the 1239 rows and tied 66, so (541 + 33) / 1239.
TEST(ArenaHard, ScoreOfTwoModelsIsTheClosedForm) {
  const ImportedJudgments imported = fixture();
  const BattleTable table = count_battles(arena_hard_battles(imported.games));
  ASSERT_EQ(table.pairs().size(), 1u);
  Rng rng(1);
  auto scores = arena_hard_scores(table, kBaseline, 0, rng);
  ASSERT_TRUE(scores.ok()) << scores.error().message;
  EXPECT_NEAR(score_of(*scores, kModel), (541.0 + 66.0 / 2) / 1239.0, 1e-9);
  EXPECT_NEAR(score_of(*scores, kBaseline), 0.5, 1e-12);
}

// The intervals are random, so only what holds for any honest bootstrap is asserted:
// ours and the shipped rounds' both hold the score, and their ends agree to within
// 0.02. Here an end of a 100-round interval has a standard error of about 0.0033 (the
// score's bootstrap sd is 0.014), so two independent ends differ by about 0.005: 0.02
// is four of those, whatever the seed.
TEST(ArenaHard, BootstrapIntervalIsCloseToTheShippedRounds) {
  const ImportedJudgments imported = fixture();
  const BattleTable table = count_battles(arena_hard_battles(imported.games));
  Rng rng(7);
  auto scores = arena_hard_scores(table, kBaseline, kArenaHardBootstrapRounds, rng);
  ASSERT_TRUE(scores.ok()) << scores.error().message;
  const ArenaHardScore& ours = scores->front().model == kModel ? scores->front() : scores->back();
  ASSERT_EQ(ours.model, kModel);
  const std::vector<double> shipped = shipped_round_win_rates();
  ASSERT_EQ(shipped.size(), 100u);
  const Interval theirs{percentile(shipped, 0.025), percentile(shipped, 0.975)};
  std::cout << "score " << ours.score << "; ours [" << ours.ci95.low << ", " << ours.ci95.high
            << "]; shipped rounds [" << theirs.low << ", " << theirs.high << "], median "
            << percentile(shipped, 0.5) << "\n";
  EXPECT_LT(ours.ci95.low, ours.score);
  EXPECT_GT(ours.ci95.high, ours.score);
  EXPECT_LT(theirs.low, ours.score);
  EXPECT_GT(theirs.high, ours.score);
  EXPECT_NEAR(ours.ci95.low, theirs.low, 0.02);
  EXPECT_NEAR(ours.ci95.high, theirs.high, 0.02);
}

TEST(ArenaHard, AQuestionWithOneGameIsAnErrorNamingLineAndField) {
  const std::string path = scratch_file("one-game.jsonl",
      R"({"question_id": "q1", "model": "m", "judge": "j", "games": [{"score": "A>B"}, {"score": "B>A"}]})" "\n"
      R"({"question_id": "q2", "model": "m", "judge": "j", "games": [{"score": "A>B"}]})" "\n");
  auto imported = read_judgments(path, JudgmentFormat::kArenaHard, {.baseline = "base"});
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.error().message,
            path + ":2: field 'games': expected 2 games (the baseline as A, then as B), got 1");
}

TEST(ArenaHard, AnUnknownScoreIsAnErrorNamingTheGame) {
  const std::string path = scratch_file("bad-score.jsonl",
      R"({"question_id": "q1", "model": "m", "judge": "j", "games": [{"score": "A>B"}, {"score": "A>>>B"}]})" "\n");
  auto imported = read_judgments(path, JudgmentFormat::kArenaHard, {.baseline = "base"});
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.error().message,
            path + ":1: field 'games[1].score': 'A>>>B' is none of A>>B, A>B, A=B, B>A, B>>A");
}

// ... and names the format whose fields the file has.
TEST(ArenaHard, AFileOfAnotherFormatIsAnErrorNamingTheMissingField) {
  auto imported = read_judgments(kBattles, JudgmentFormat::kArenaHard, {.baseline = kBaseline});
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.error().message, kBattles + ":1: field 'model': missing (its fields are those of "
                                                 "arena-hard-battles files: --format arena-hard-battles?)");
}

TEST(ArenaHard, RepeatedQuestionKeepsTheLaterLineWithAWarning) {
  const std::string path = scratch_file("repeated.jsonl",
      R"({"question_id": "q1", "model": "m", "judge": "j", "games": [{"score": "A>B"}, {"score": "B>A"}]})" "\n"
      R"({"question_id": "q1", "model": "m", "judge": "j", "games": [{"score": "B>>A"}, {"score": "A>>B"}]})" "\n");
  auto imported = read_judgments(path, JudgmentFormat::kArenaHard, {.baseline = "base"});
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  ASSERT_EQ(imported->games.size(), 2u);
  EXPECT_EQ(imported->games[0].source_verdict, "B>>A");
  EXPECT_EQ(imported->games[1].game.outcome, Outcome::kLoss);  // game 2: A is the model
  ASSERT_EQ(imported->warnings.size(), 1u);
  EXPECT_EQ(imported->warnings[0], path + ":2: model 'm', question 'q1', turn 1 was judged before at " + path +
                                       ":1; keeping " + path + ":2, the later one");
}

}  // namespace
}  // namespace evolbench
