#include <gtest/gtest.h>

#include "imports/battles_of_games.h"
#include "imports/imported_judgments.h"
#include "imports/scratch_file.h"

namespace evolbench {
namespace {

using testing::scratch_file;

TEST(ArenaBattles, JsonArrayAndJsonlReadTheSameBattles) {
  const std::string array = scratch_file("battles.json",
      R"j([{"model_a": "x", "model_b": "y", "winner": "model_b", "question_id": "c1"},)j"
      R"j( {"model_a": "y", "model_b": "z", "winner": "tie (bothbad)"}])j");
  const std::string lines = scratch_file("battles.jsonl",
      R"j({"model_a": "x", "model_b": "y", "winner": "model_b", "question_id": "c1"})j" "\n\n"
      R"j({"model_a": "y", "model_b": "z", "winner": "tie (bothbad)"})j" "\n");
  auto from_array = read_judgments(array, JudgmentFormat::kArenaBattles, {});
  auto from_lines = read_judgments(lines, JudgmentFormat::kArenaBattles, {});
  ASSERT_TRUE(from_array.ok()) << from_array.error().message;
  ASSERT_TRUE(from_lines.ok()) << from_lines.error().message;
  const std::vector<Battle> expected = {{"c1", "x", "y", BattleWinner::kModelB}, {"", "y", "z", BattleWinner::kTie}};
  EXPECT_EQ(arena_hard_battles(from_array->games), expected);
  EXPECT_EQ(arena_hard_battles(from_lines->games), expected);
  ASSERT_EQ(from_array->items.size(), 1u);  // the question id is an item; a row without one names none
  EXPECT_EQ(from_array->items[0].id, "c1");
  EXPECT_FALSE(from_array->games[0].position_known);
  EXPECT_EQ(from_array->games[1].source_verdict, "tie (bothbad)");
}

TEST(ArenaBattles, CountedBattlesGiveEachPairItsWinsAndTies) {
  const std::vector<Battle> battles = {{"", "x", "y", BattleWinner::kModelA},
                                       {"", "y", "x", BattleWinner::kModelA},
                                       {"", "x", "y", BattleWinner::kTie}};
  const BattleTable table = count_battles(battles);
  ASSERT_EQ(table.pairs().size(), 1u);
  EXPECT_EQ(table.pairs()[0].wins_a, 1);
  EXPECT_EQ(table.pairs()[0].wins_b, 1);
  EXPECT_EQ(table.pairs()[0].ties, 1);
}

// Question q1: x wins three rows (a strong verdict) and loses one, one of them written
// with y first; q2: one row each way, a tie; two rows without a question id.
TEST(ArenaBattles, RowsCombineIntoOneGamePerItemAndPairByTheirNetWins) {
  const std::string path = scratch_file("combined.jsonl",
      R"j({"question_id": "q1", "model_a": "x", "model_b": "y", "winner": "model_a"})j" "\n"
      R"j({"question_id": "q1", "model_a": "y", "model_b": "x", "winner": "model_b"})j" "\n"
      R"j({"question_id": "q1", "model_a": "x", "model_b": "y", "winner": "model_a"})j" "\n"
      R"j({"question_id": "q1", "model_a": "x", "model_b": "y", "winner": "model_b"})j" "\n"
      R"j({"question_id": "q2", "model_a": "x", "model_b": "y", "winner": "model_a"})j" "\n"
      R"j({"question_id": "q2", "model_a": "x", "model_b": "y", "winner": "model_b"})j" "\n"
      R"j({"model_a": "y", "model_b": "x", "winner": "model_a"})j" "\n"
      R"j({"model_a": "y", "model_b": "x", "winner": "tie"})j" "\n");
  auto imported = read_judgments(path, JudgmentFormat::kArenaBattles, {});
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  const std::vector<JudgeGame> games = combine_battle_rows(imported->games);
  ASSERT_EQ(games.size(), 4u);
  const auto expect_game = [&](std::size_t at, const char* item, const char* model_a, Outcome outcome) {
    EXPECT_EQ(games[at].item_id, item) << at;
    EXPECT_EQ(games[at].model_a, model_a) << at;
    EXPECT_EQ(games[at].outcome, outcome) << at;
  };
  expect_game(0, "q1", "x", Outcome::kWin);
  expect_game(1, "q2", "x", Outcome::kTie);
  expect_game(2, "arena-7", "y", Outcome::kWin);  // the 7th row, a vote of its own
  expect_game(3, "arena-8", "y", Outcome::kTie);
}

TEST(ArenaBattles, BadWinnerNamesRecordAndField) {
  const std::string path = scratch_file("bad-battle.json",
      R"j([{"model_a": "x", "model_b": "y", "winner": "tie"}, {"model_a": "x", "model_b": "y", "winner": "draw"}])j");
  auto imported = read_judgments(path, JudgmentFormat::kArenaBattles, {});
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.error().message,
            path + ": record 2: field 'winner': 'draw' is not model_a, model_b, tie or tie (bothbad)");
}

TEST(ArenaHardBattles, MissingQuestionIdNamesLineAndField) {
  const std::string path = scratch_file("no-question.jsonl", R"j({"model_a": "x", "model_b": "y", "winner": "tie"})j" "\n");
  auto imported = read_judgments(path, JudgmentFormat::kArenaHardBattles, {});
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.error().message, path + ":1: field 'question_id': missing");
}

TEST(JudgmentFormat, NamesRoundTripAndAnUnknownOneListsThem) {
  for (const char* name : {"alpacaeval", "arena-hard", "arena-hard-battles", "arena-battles", "mt-bench-single",
                           "mt-bench-pair"}) {
    auto format = judgment_format(name);
    ASSERT_TRUE(format.ok()) << name;
    EXPECT_STREQ(to_string(*format), name);
  }
  auto unknown = judgment_format("lmsys");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message,
            "unknown judgment format 'lmsys' (alpacaeval, arena-hard, arena-hard-battles, arena-battles, "
            "mt-bench-single, mt-bench-pair)");
}

}  // namespace
}  // namespace evolbench
