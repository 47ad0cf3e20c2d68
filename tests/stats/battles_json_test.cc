#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "stats/battle_rows.h"

namespace evolbench {
namespace {

std::string error_of(std::string text, const std::string& path) {
  auto table = parse_battles(std::move(text), path);
  return table.ok() ? "" : table.error().message;
}

std::vector<PairCounts> pairs_of(std::string text, const std::string& path) {
  auto table = parse_battles(std::move(text), path);
  EXPECT_TRUE(table.ok()) << table.error().message;
  return table.ok() ? table->pairs() : std::vector<PairCounts>{};
}

TEST(BattlesJson, ArrayJsonlAndCsvOfTheSameBattlesCountTheSame) {
  const auto from_csv = pairs_of("model_a,model_b,winner\nx,y,model_a\ny,x,tie (bothbad)\nx,z,model_b\n", "b.csv");
  const auto from_array = pairs_of(
      R"j([{"model_a": "x", "model_b": "y", "winner": "model_a"}, {"model_a": "y", "model_b": "x",)j"
      R"j( "winner": "tie (bothbad)"}, {"model_a": "x", "model_b": "z", "winner": "model_b"}])j",
      "b.json");
  const auto from_lines = pairs_of(
      "{\"model_a\": \"x\", \"model_b\": \"y\", \"winner\": \"model_a\"}\n\n"
      "{\"model_a\": \"y\", \"model_b\": \"x\", \"winner\": \"tie (bothbad)\"}\r\n"
      "{\"model_a\": \"x\", \"model_b\": \"z\", \"winner\": \"model_b\"}",
      "b.jsonl");
  ASSERT_EQ(from_csv.size(), 2u);
  EXPECT_EQ(from_csv[0].wins_a, 1);  // x beat y once and tied once
  EXPECT_EQ(from_csv[0].ties, 1);
  EXPECT_EQ(from_csv[1].wins_b, 1);  // z beat x
  EXPECT_EQ(from_array, from_csv);
  EXPECT_EQ(from_lines, from_csv);
}

// Arena-Hard's battles as it writes them, and a Chatbot Arena record with its other fields.
TEST(BattlesJson, FieldsBesideTheBattleAreIgnoredAndQuestionIdsReadAsText) {
  const std::string text =
      "\xEF\xBB\xBF  [{\"question_id\": \"328c149e\", \"model_a\": \"gpt-4\", \"model_b\": \"llama\", \"winner\": "
      "\"model_b\"},\n {\"model_a\": \"llama\", \"model_b\": \"gpt-4\", \"winner\": \"tie\", \"question_id\": 17, "
      "\"judge\": \"arena_user_9\", \"turn\": 1, \"anony\": true, \"tstamp\": 1.7e9, \"conv_metadata\": "
      "{\"sum_user_tokens\": 12, \"turns\": [1, 2]}, \"language\": null}]";
  std::vector<std::string> ids;
  const Status read = for_each_battle_row(text, "arena.json", [&](const BattleRow& row, const RowPlace&) -> Status {
    ids.emplace_back(row.question_id);
    return {};
  });
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(ids, (std::vector<std::string>{"328c149e", "17"}));
}

TEST(BattlesJson, ABadWinnerInAnArrayNamesTheRecordAndField) {
  EXPECT_EQ(error_of(R"j([{"model_a": "x", "model_b": "y", "winner": "tie"},)j"
                     R"j( {"model_a": "x", "model_b": "y", "winner": "draw"}])j",
                     "arena.json"),
            "arena.json: record 2: field 'winner': 'draw' is not model_a, model_b, tie or tie (bothbad)");
}

TEST(BattlesJson, ABadLineNamesTheLineAndByte) {
  const std::string message =
      error_of("{\"model_a\": \"x\", \"model_b\": \"y\", \"winner\": \"tie\"}\n\n{\"model_a\": \"x\",\n", "b.jsonl");
  EXPECT_EQ(message.rfind("b.jsonl:3: not valid JSON at byte ", 0), 0u) << message;
}

// Found by fuzz target battles: "555e3555" escaped as nlohmann's out_of_range exception.
TEST(BattlesJson, NumberBeyondADoubleIsNotJson) {
  EXPECT_EQ(error_of("{\"model_a\": \"x\", \"model_b\": \"y\", \"winner\": \"tie\", \"weight\": 555e3555}\n", "b.jsonl"),
            "b.jsonl:1: not valid JSON: number overflow parsing '555e3555'");
}

TEST(BattlesJson, InvalidUtf8IsNotJson) {
  const std::string message = error_of("{\"model_a\": \"x\xff\", \"model_b\": \"y\", \"winner\": \"tie\"}\n", "b.jsonl");
  EXPECT_EQ(message.rfind("b.jsonl:1: not valid JSON", 0), 0u) << message;
}

TEST(BattlesJson, AFieldMissingOrOfTheWrongTypeIsNamed) {
  EXPECT_EQ(error_of("{\"model_a\": \"x\", \"model_b\": \"y\"}\n", "b.jsonl"), "b.jsonl:1: field 'winner': missing");
  EXPECT_EQ(error_of("{\"model_a\": 7, \"model_b\": \"y\", \"winner\": \"tie\"}\n", "b.jsonl"),
            "b.jsonl:1: field 'model_a': expected a string, got number 7");
  EXPECT_EQ(error_of(R"j([{"model_a": "x", "model_b": "y", "winner": "tie", "question_id": ""}])j", "b.json"),
            "b.json: record 1: field 'question_id': expected an integer or text id, got string \"\"");
}

TEST(BattlesJson, TwoFaultsInOneRecordNameModelAFirstWhateverTheOrder) {
  EXPECT_EQ(error_of("{\"winner\": 1, \"model_b\": \"y\", \"model_a\": null}\n", "b.jsonl"),
            "b.jsonl:1: field 'model_a': expected a string, got null null");
}

TEST(BattlesJson, ARecordThatIsNotAnObjectIsNamed) {
  EXPECT_EQ(error_of("[[1, 2]]", "b.json"), "b.json: record 1: expected an object, got array [1,2]");
}

TEST(BattlesJson, TheChecksOfACsvRowHoldForJsonRows) {
  EXPECT_EQ(error_of("{\"model_a\": \"\", \"model_b\": \"y\", \"winner\": \"tie\"}", "b.jsonl"),
            "b.jsonl:1: field 'model_a': empty");
  EXPECT_EQ(error_of(R"j([{"model_a": "x", "model_b": "x", "winner": "tie"}])j", "b.json"),
            "b.json: record 1: field 'model_b': 'x' is also model_a; a model cannot battle itself");
}

TEST(BattlesJson, NoRowAfterABadOneIsVisited) {
  int visited = 0;
  const Status read = for_each_battle_row(
      "{\"model_a\": \"x\", \"model_b\": \"y\", \"winner\": \"tie\"}\n{\"model_a\": \"x\"}\n"
      "{\"model_a\": \"x\", \"model_b\": \"y\", \"winner\": \"tie\"}\n",
      "b.jsonl", [&](const BattleRow&, const RowPlace&) -> Status {
        ++visited;
        return {};
      });
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(visited, 1);
}

// The file's content says how it is written, not its name.
TEST(BattlesJson, AFileIsReadByWhatItHoldsNotByItsName) {
  const auto dir = std::filesystem::temp_directory_path() / ("evolbench-battles-json-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto json_named_csv = dir / "battles.csv";
  const auto csv_named_json = dir / "battles.json";
  std::ofstream(json_named_csv) << "\n  {\"model_a\": \"x\", \"model_b\": \"y\", \"winner\": \"model_a\"}\n";
  std::ofstream(csv_named_json) << "model_a,model_b,winner\nx,y,model_a\n";
  auto from_json = read_battles(json_named_csv.string());
  auto from_csv = read_battles(csv_named_json.string());
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(from_json.ok()) << from_json.error().message;
  ASSERT_TRUE(from_csv.ok()) << from_csv.error().message;
  EXPECT_EQ(from_json->pairs(), from_csv->pairs());
}

TEST(BattlesJson, ForEachJsonBattleRowRefusesACsv) {
  const Status read = for_each_json_battle_row("model_a,model_b,winner\nx,y,tie\n", "b.csv",
                                               [](const BattleRow&, const RowPlace&) -> Status { return {}; });
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().message.rfind("b.csv:1: not valid JSON at byte ", 0), 0u) << read.error().message;
}

}  // namespace
}  // namespace evolbench
