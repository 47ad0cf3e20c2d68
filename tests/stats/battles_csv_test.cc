#include "stats/battles_csv.h"

#include <gtest/gtest.h>

namespace evolbench {
namespace {

std::string error_of(std::string_view text) {
  auto table = parse_battles_csv(text, "battles.csv");
  return table.ok() ? "" : table.error().message;
}

TEST(BattlesCsv, CountsEachPairInBothDirections) {
  auto table = parse_battles_csv(
      "model_a,model_b,winner\nx,y,model_a\ny,x,model_a\nx,y,tie\nx,z,model_b\n", "battles.csv");
  ASSERT_TRUE(table.ok()) << table.error().message;
  EXPECT_EQ(table->models(), (std::vector<std::string>{"x", "y", "z"}));
  ASSERT_EQ(table->pairs().size(), 2u);
  const PairCounts& xy = table->pairs()[0];
  EXPECT_EQ(xy.wins_a, 1);  // x won once, y once (as model_a of the second row), one tie
  EXPECT_EQ(xy.wins_b, 1);
  EXPECT_EQ(xy.ties, 1);
  EXPECT_EQ(table->pairs()[1].wins_b, 1);
  EXPECT_EQ(table->battles(), 4);
}

TEST(BattlesCsv, FindsColumnsByNameAndIgnoresOthers) {
  auto table = parse_battles_csv(
      "question_id,winner,judge,model_b,model_a\nq1,model_b,h,y,x\nq2,tie (bothbad),h,y,x\n",
      "battles.csv");
  ASSERT_TRUE(table.ok()) << table.error().message;
  EXPECT_EQ(table->models(), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(table->pairs()[0].wins_b, 1);  // y won
  EXPECT_EQ(table->pairs()[0].ties, 1);
}

TEST(BattlesCsv, ReadsQuotedFieldsWithCommasQuotesNewlinesAndCrlf) {
  auto table = parse_battles_csv(
      "\xEF\xBB\xBFmodel_a,model_b,winner,note\r\n\"gpt, 4\",\"say \"\"hi\"\"\",model_a,\"two\r\nlines\"\r\n",
      "battles.csv");
  ASSERT_TRUE(table.ok()) << table.error().message;
  EXPECT_EQ(table->models(), (std::vector<std::string>{"gpt, 4", "say \"hi\""}));
  EXPECT_EQ(table->battles(), 1);
}

TEST(BattlesCsv, BadWinnerNamesFileLineAndField) {
  EXPECT_EQ(error_of("model_a,model_b,winner\nx,y,tie\nx,y,draw\n"),
            "battles.csv:3: field 'winner': 'draw' is not model_a, model_b or tie");
}

// A quoted field spanning lines 2-3 makes the next record start on line 4.
TEST(BattlesCsv, LineNumbersCountNewlinesInsideQuotes) {
  EXPECT_EQ(error_of("model_a,model_b,winner,note\nx,y,tie,\"a\nb\"\nx,y,?,n\n"),
            "battles.csv:4: field 'winner': '?' is not model_a, model_b or tie");
}

TEST(BattlesCsv, WrongFieldCountIsAnError) {
  EXPECT_EQ(error_of("model_a,model_b,winner\nx,y\n"), "battles.csv:2: 2 fields, the header has 3");
}

TEST(BattlesCsv, MissingColumnIsAnError) {
  EXPECT_EQ(error_of("model_a,model_b,result\nx,y,tie\n"),
            "battles.csv:1: the header has no 'winner' column");
}

TEST(BattlesCsv, EmptyModelIsAnError) {
  EXPECT_EQ(error_of("model_a,model_b,winner\n,y,tie\n"), "battles.csv:2: field 'model_a': empty");
}

TEST(BattlesCsv, SelfBattleIsAnError) {
  EXPECT_EQ(error_of("model_a,model_b,winner\nx,x,tie\n"),
            "battles.csv:2: field 'model_b': 'x' is also model_a; a model cannot battle itself");
}

TEST(BattlesCsv, UnclosedQuoteIsAnError) {
  EXPECT_EQ(error_of("model_a,model_b,winner\n\"x,y,tie\n"),
            "battles.csv:2: field 1: a quoted field is never closed");
}

TEST(BattlesCsv, TextAfterClosingQuoteIsAnError) {
  EXPECT_EQ(error_of("model_a,model_b,winner\n\"x\"z,y,tie\n"),
            "battles.csv:2: field 1: text after a closing quote");
}

TEST(BattlesCsv, QuoteInsideUnquotedFieldIsAnError) {
  EXPECT_EQ(error_of("model_a,model_b,winner\nx,y\",tie\n"),
            "battles.csv:2: field 2: a quote inside an unquoted field");
}

TEST(BattlesCsv, EmptyTextIsAnError) {
  EXPECT_EQ(error_of(""), "battles.csv: empty; expected a header with model_a,model_b,winner");
}

TEST(BattlesCsv, BlankLinesAreSkipped) {
  auto table = parse_battles_csv("model_a,model_b,winner\n\nx,y,tie\n\n", "battles.csv");
  ASSERT_TRUE(table.ok()) << table.error().message;
  EXPECT_EQ(table->battles(), 1);
}

TEST(BattlesCsv, MissingFileIsAnInputError) {
  auto table = read_battles_csv("/nonexistent/battles.csv");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().kind, Error::Kind::kInput);
  EXPECT_EQ(table.error().message, "/nonexistent/battles.csv: cannot open: No such file or directory");
}

}  // namespace
}  // namespace evolbench
