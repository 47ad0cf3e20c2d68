#include <gtest/gtest.h>

#include "imports/imported_judgments.h"
#include "imports/mt_bench_scores.h"
#include "imports/scratch_file.h"

namespace evolbench {
namespace {

using testing::kSharedData;
using testing::scratch_file;

std::string grade(int question, const std::string& model, int turn, const std::string& score) {
  return R"({"question_id": )" + std::to_string(question) + R"(, "model": ")" + model +
         R"(", "judge": ["gpt-4", "single-v1"], "judgment": "Rating: [[x]]", "score": )" + score +
         R"(, "turn": )" + std::to_string(turn) + "}\n";
}

TEST(MtBenchSingle, FixtureReadsBothTurnsAndFastChatsScore) {
  auto imported = read_judgments(kSharedData + "/mtbench/model_judgment/gpt-4_single.jsonl",
                                 JudgmentFormat::kMtBenchSingle, {});
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  ASSERT_EQ(imported->games.size(), 160u);
  EXPECT_EQ(imported->items.size(), 80u);
  EXPECT_EQ(imported->unreadable, 0);
  const ImportedGame& first = imported->games[0];
  EXPECT_EQ(first.game.item_id, "mtbench-81");
  EXPECT_EQ(first.game.model_a, "phi-3-dpo");
  EXPECT_EQ(first.game.judge, "single-v1");
  EXPECT_EQ(first.game.judge_model, "gpt-4");
  EXPECT_EQ(first.game.turn, 1);
  EXPECT_EQ(*first.game.score_a, 9.0);
  int second_turns = 0;
  for (const auto& game : imported->games) second_turns += game.game.turn == 2;
  EXPECT_EQ(second_turns, 80);
  // 1312 points over 160 grades; turn 1 669 / 80, turn 2 643 / 80.
  const auto scores = mt_bench_scores(imported->games);
  ASSERT_EQ(scores.size(), 1u);
  EXPECT_NEAR(scores[0].score, 8.2, 1e-12);
  EXPECT_NEAR(scores[0].by_turn.at(1), 8.3625, 1e-12);
  EXPECT_NEAR(scores[0].by_turn.at(2), 8.0375, 1e-12);
  EXPECT_EQ(scores[0].n, 160);
  EXPECT_EQ(scores[0].unparsed, 0);
}

TEST(MtBenchSingle, GradeOfMinusOneIsCountedAndLeftOutOfTheMeans) {
  const std::string path = scratch_file("single.jsonl", grade(1, "m", 1, "8") + grade(1, "m", 2, "-1") +
                                                            grade(2, "m", 1, "5") + grade(2, "m", 2, "6.5"));
  auto imported = read_judgments(path, JudgmentFormat::kMtBenchSingle, {});
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  EXPECT_EQ(imported->unreadable, 1);
  EXPECT_FALSE(imported->games[1].game.score_a.has_value());
  EXPECT_EQ(*imported->games[1].source_value, -1.0);
  const auto scores = mt_bench_scores(imported->games);
  ASSERT_EQ(scores.size(), 1u);
  EXPECT_NEAR(scores[0].score, (8 + 5 + 6.5) / 3, 1e-12);
  EXPECT_EQ(scores[0].by_turn, (std::map<int, double>{{1, 6.5}, {2, 6.5}}));
  EXPECT_EQ(scores[0].n, 3);
  EXPECT_EQ(scores[0].unparsed, 1);
}

TEST(MtBenchSingle, RepeatedModelQuestionTurnKeepsTheLaterWithAWarning) {
  const std::string path =
      scratch_file("repeated-single.jsonl", grade(1, "m", 1, "3") + grade(1, "m", 2, "4") + grade(1, "m", 1, "9"));
  auto imported = read_judgments(path, JudgmentFormat::kMtBenchSingle, {});
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  ASSERT_EQ(imported->games.size(), 2u);
  EXPECT_EQ(*imported->games[0].game.score_a, 9.0);
  ASSERT_EQ(imported->warnings.size(), 1u);
  EXPECT_EQ(imported->warnings[0], path + ":3: model 'm', question 'mtbench-1', turn 1 was judged before at " +
                                       path + ":1; keeping " + path + ":3, the later one");
}

TEST(MtBenchSingle, BadTurnNamesFileLineAndField) {
  const std::string path = scratch_file("bad-turn.jsonl", grade(1, "m", 1, "3") + grade(1, "m", 3, "4"));
  auto imported = read_judgments(path, JudgmentFormat::kMtBenchSingle, {});
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.error().message, path + ":2: field 'turn': expected 1..2, got 3");
}

TEST(MtBenchSingle, MissingScoreNamesFileLineAndField) {
  const std::string path = scratch_file("no-score.jsonl",
      R"({"question_id": 1, "model": "m", "judge": ["gpt-4", "single-v1"], "turn": 1})" "\n");
  auto imported = read_judgments(path, JudgmentFormat::kMtBenchSingle, {});
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.error().message, path + ":1: field 'score': missing");
}

TEST(MtBenchPair, FixtureReadsTwoGamesPerLineWithWinnersForModel1) {
  auto imported = read_judgments(kSharedData + "/mtbench/model_judgment/gpt-4_pair.jsonl",
                                 JudgmentFormat::kMtBenchPair, {});
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  ASSERT_EQ(imported->games.size(), 150u);
  // Lines with g1/g2 (model_1, error) and (error, error): three unreadable games.
  EXPECT_EQ(imported->unreadable, 3);
  const ImportedGame& g1 = imported->games[0];
  const ImportedGame& g2 = imported->games[1];
  EXPECT_EQ(g1.game.model_a, "phi-3");
  EXPECT_EQ(g1.game.model_b, "phi-3-dpo");
  EXPECT_TRUE(g1.game.a_shown_first);
  EXPECT_FALSE(g2.game.a_shown_first);
  EXPECT_EQ(g1.game.outcome, Outcome::kWin);   // g1_winner model_1
  EXPECT_EQ(g2.game.outcome, Outcome::kLoss);  // g2_winner model_2
  EXPECT_EQ(g1.game.judge, "pair-v2");
  EXPECT_EQ(g1.game.turn, 1);
  EXPECT_TRUE(mt_bench_scores(imported->games).empty());  // no single grades
}

TEST(MtBenchPair, UnknownWinnerNamesFileLineAndField) {
  const std::string path = scratch_file("bad-winner.jsonl",
      R"({"question_id": 1, "model_1": "a", "model_2": "b", "g1_winner": "model_1", "g2_winner": "A",)"
      R"( "judge": ["gpt-4", "pair-v2"], "turn": 1})" "\n");
  auto imported = read_judgments(path, JudgmentFormat::kMtBenchPair, {});
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.error().message, path + ":1: field 'g2_winner': 'A' is not model_1, model_2, tie or error");
}

}  // namespace
}  // namespace evolbench
