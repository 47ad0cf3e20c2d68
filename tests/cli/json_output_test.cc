// `--json` on the commands that print a table: one JSON document on stdout carrying
// the figures the table and the files written say, with the same exit code.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/files.h"
#include "core/jsonl.h"

namespace evolbench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Printed {
  int code = 0;
  std::string out;
  std::string err;
};

Printed cli(const std::vector<std::string>& args) {
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  Printed printed;
  printed.code = run_cli(args);
  printed.out = ::testing::internal::GetCapturedStdout();
  printed.err = ::testing::internal::GetCapturedStderr();
  return printed;
}

// A pool of one seed s (difficulty 2) with children e1 (kept, 6), e2 (eliminated) and
// grandchild e3 (kept, 9) under e1.
constexpr const char* kPool =
    R"({"id": "s", "parent_id": "", "root_id": "s", "round": 0, "operation": "seed", "instruction": "Name a tide.", "status": "kept", "difficulty": 2, "skill": "science"})"
    "\n"
    R"({"id": "e1", "parent_id": "s", "root_id": "s", "round": 1, "operation": "deepen", "instruction": "Explain spring tides.", "status": "kept", "difficulty": 6, "skill": "science"})"
    "\n"
    R"({"id": "e2", "parent_id": "s", "root_id": "s", "round": 1, "operation": "breadth", "instruction": "sorry", "status": "eliminated", "rule": "sorry-short-answer"})"
    "\n"
    R"({"id": "e3", "parent_id": "e1", "root_id": "s", "round": 2, "operation": "concretize", "instruction": "Explain the spring tide at Brest.", "status": "kept", "difficulty": 9, "skill": "science"})"
    "\n";

class JsonOutput : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("evolbench-json-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
    return path(name);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // `testset build --json` from kPool into testset.jsonl.
  Printed build_testset(int per_bucket) const {
    return cli({"testset", "build", "--pool", write("pool.jsonl", kPool), "--out", path("testset.jsonl"),
                "--per-bucket", std::to_string(per_bucket), "--json"});
  }

  fs::path dir_;
};

TEST_F(JsonOutput, EvolveTreeListsTheFamilyAsPoolRecordsWithTheirDepth) {
  const std::string pool = write("pool.jsonl", kPool);
  const Printed text = cli({"evolve", "tree", "e3", "--pool", pool});
  const Printed printed = cli({"evolve", "tree", "e3", "--pool", pool, "--json"});
  ASSERT_EQ(printed.code, kExitOk) << printed.err;
  ASSERT_EQ(text.code, kExitOk) << text.err;
  const json document = json::parse(printed.out);
  EXPECT_EQ(document["id"], "e3");
  std::vector<std::pair<std::string, int>> order;
  for (const auto& member : document["members"]) {
    order.emplace_back(member["id"], member["depth"]);
    EXPECT_NE(text.out.find(member["id"].get<std::string>() + "  round " + std::to_string(member["round"].get<int>())),
              std::string::npos)
        << text.out;
  }
  EXPECT_EQ(order, (std::vector<std::pair<std::string, int>>{{"s", 0}, {"e1", 1}, {"e3", 2}, {"e2", 1}}));
  EXPECT_EQ(document["members"][3]["status"], "eliminated");
  EXPECT_EQ(document["members"][3]["rule"], "sorry-short-answer");
  EXPECT_EQ(document["members"][2]["difficulty"], 9);
}

TEST_F(JsonOutput, TestsetBuildGivesTheStrataAskedAndGotAndTheItemsWritten) {
  const Printed printed = build_testset(1);
  ASSERT_EQ(printed.code, kExitOk) << printed.err;
  const json document = json::parse(printed.out);
  auto items = read_items(path("testset.jsonl"));
  ASSERT_TRUE(items.ok()) << items.error().message;
  EXPECT_EQ(document["items"], items->size());
  EXPECT_EQ(document["items"], 3);  // s (easy), e1 (medium), e3 (hard)
  EXPECT_EQ(document["out"], path("testset.jsonl"));
  EXPECT_EQ(document["strata"], json::parse(R"([{"stratum": "easy", "asked": 1, "got": 1},
                                                {"stratum": "medium", "asked": 1, "got": 1},
                                                {"stratum": "hard", "asked": 1, "got": 1}])"));
}

TEST_F(JsonOutput, TestsetBuildNamesAStratumThePoolCouldNotFillOnStderrToo) {
  const Printed printed = build_testset(2);
  ASSERT_EQ(printed.code, kExitOk) << printed.err;
  const json document = json::parse(printed.out);
  EXPECT_EQ(document["strata"][0], json::parse(R"({"stratum": "easy", "asked": 2, "got": 1})"));
  EXPECT_NE(printed.err.find("stratum easy: 1 of the 2 items asked"), std::string::npos) << printed.err;
}

TEST_F(JsonOutput, TestsetImportGivesTheCompositionAndWhatItSkipped) {
  const std::string file =
      write("wizardlm.jsonl", R"({"idx": 1, "Skill": "Math", "Difficulty": 4, "Instruction": "Add 2 and 3."})" "\n"
                              R"({"idx": 2, "Skill": "Code", "Difficulty": 7, "Instruction": "Sort a list."})" "\n"
                              R"({"idx": 3, "Skill": "Math"})" "\n");
  const Printed printed = cli({"testset", "import", "--format", "wizardlm", file, "--out", path("imported.jsonl"),
                               "--skip-bad", "--json"});
  ASSERT_EQ(printed.code, kExitOk) << printed.err;
  const json document = json::parse(printed.out);
  EXPECT_EQ(document["items"], 2);
  EXPECT_EQ(document["skipped"], 1);
  EXPECT_EQ(document["skills"], 2);
  EXPECT_EQ(document["difficulty_levels"], 2);
  EXPECT_EQ(document["conversations"], 0);
  EXPECT_EQ(document["with_references"], 0);
  EXPECT_EQ(document["out"], path("imported.jsonl"));
  // The composition is testset stats --json's of the file written.
  const Printed stats = cli({"testset", "stats", path("imported.jsonl"), "--json"});
  const json composition = json::parse(stats.out);
  for (const char* key : {"items", "skills", "by_difficulty", "by_skill"}) EXPECT_EQ(document[key], composition[key]) << key;
  EXPECT_NE(printed.err.find("skipped: "), std::string::npos) << printed.err;
}

TEST_F(JsonOutput, TestsetScoreCountsTheGradedItemsAndSaysTheGraderIsSimulated) {
  const std::string file = write("items.jsonl", R"({"id": "a", "instruction": "Name a tide."})" "\n"
                                                R"({"id": "b", "instruction": "Explain why spring tides are higher than neap tides, with the forces involved."})" "\n");
  const Printed printed = cli({"testset", "score", file, "--out", path("scored.jsonl"), "-q", "--json"});
  ASSERT_EQ(printed.code, kExitOk) << printed.err;
  const json document = json::parse(printed.out);
  EXPECT_EQ(document["items"], 2);
  EXPECT_EQ(document["graded"], 2);
  EXPECT_EQ(document["unreadable"], 0);
  EXPECT_EQ(document["failed"], 0);
  EXPECT_EQ(document["out"], path("scored.jsonl"));
  EXPECT_EQ(document["grader"]["simulated"], true);
  EXPECT_EQ(document["store"], path("scored.store.sqlite"));
  EXPECT_EQ(document["calls"]["made"].get<int>() + document["calls"]["cached"].get<int>(), 2);
  EXPECT_NE(printed.err.find("the difficulties are simulated"), std::string::npos) << printed.err;
  // A rerun asks nothing: every call from the store.
  const json again = json::parse(cli({"testset", "score", file, "--out", path("scored.jsonl"), "-q", "--json"}).out);
  EXPECT_EQ(again["calls"]["made"], 0);
  EXPECT_EQ(again["calls"]["cached"], 2);
}

// Chatbot Arena battles among a, b and c over four questions.
constexpr const char* kBattles =
    R"({"question_id": "q1", "model_a": "a", "model_b": "b", "winner": "model_a"})" "\n"
    R"({"question_id": "q2", "model_a": "a", "model_b": "b", "winner": "model_a"})" "\n"
    R"({"question_id": "q3", "model_a": "b", "model_b": "a", "winner": "tie"})" "\n"
    R"({"question_id": "q4", "model_a": "a", "model_b": "b", "winner": "model_b"})" "\n"
    R"({"question_id": "q1", "model_a": "a", "model_b": "c", "winner": "model_b"})" "\n"
    R"({"question_id": "q2", "model_a": "c", "model_b": "a", "winner": "model_a"})" "\n";

TEST_F(JsonOutput, ImportGivesResultsJsonsPairsAgainstTheBaseline) {
  const std::string battles = write("battles.jsonl", kBattles);
  const Printed printed = cli({"import", "--format", "arena-battles", battles, "--out", path("run"), "--rounds", "20",
                               "--json"});
  ASSERT_EQ(printed.code, kExitOk) << printed.err;
  const json document = json::parse(printed.out);
  const json results = json::parse(*read_file(path("run/results.json")));
  EXPECT_EQ(document["baseline"], "a");  // the first model of the first row
  EXPECT_EQ(document["baseline"], results["ratings_anchor"]);
  json against_baseline = json::array();
  for (const auto& pair : results["pairs"])
    if (pair["opponent"] == "a") against_baseline.push_back(pair);
  ASSERT_EQ(against_baseline.size(), 2u);  // b and c
  EXPECT_EQ(document["pairs"], against_baseline);
  EXPECT_EQ(document["scores"], json::array());
  EXPECT_TRUE(document["import_check"].is_null());
  EXPECT_EQ(document["report"], (fs::path(path("run")) / "index.html").string());
}

TEST_F(JsonOutput, ImportTextAndJsonGiveTheSameWinRates) {
  const std::string battles = write("battles.jsonl", kBattles);
  const Printed text = cli({"import", "--format", "arena-battles", battles, "--out", path("text"), "--rounds", "20"});
  const Printed printed = cli({"import", "--format", "arena-battles", battles, "--out", path("json"), "--rounds", "20",
                               "--json"});
  ASSERT_EQ(text.code, kExitOk) << text.err;
  const json document = json::parse(printed.out);
  for (const auto& pair : document["pairs"]) {
    char line[128];
    std::snprintf(line, sizeof line, "%s vs a: win rate %.4f over %d items", pair["model"].get<std::string>().c_str(),
                  pair["win_rate"].get<double>(), pair["n"].get<int>());
    EXPECT_NE(text.out.find(line), std::string::npos) << line << "\n" << text.out;
  }
}

// MT-Bench single grades: the document's scores are results.json's, and MT-Bench's -1
// is counted as unreadable, as the text says.
TEST_F(JsonOutput, ImportOfSingleGradesGivesResultsJsonsScores) {
  const auto grade = [](int question, const std::string& model, const std::string& score, int turn) {
    return R"({"question_id": )" + std::to_string(question) + R"(, "model": ")" + model +
           R"(", "judge": ["gpt-4", "single-v1"], "judgment": "Rating: [[x]]", "score": )" + score +
           R"(, "turn": )" + std::to_string(turn) + "}\n";
  };
  const std::string judgments = write("single.jsonl", grade(81, "m1", "8", 1) + grade(81, "m1", "6", 2) +
                                                          grade(82, "m1", "-1", 1) + grade(81, "m2", "3", 1));
  const Printed printed = cli({"import", "--format", "mt-bench-single", judgments, "--out", path("run"), "--json"});
  ASSERT_EQ(printed.code, kExitOk) << printed.err;
  const json document = json::parse(printed.out);
  const json results = json::parse(*read_file(path("run/results.json")));
  EXPECT_EQ(document["scores"], results["scores"]);
  ASSERT_EQ(document["scores"].size(), 2u);
  const json& m1 = document["scores"][0]["model"] == "m1" ? document["scores"][0] : document["scores"][1];
  EXPECT_DOUBLE_EQ(m1["score"].get<double>(), 7.0);  // (8 + 6) / 2
  EXPECT_EQ(m1["n"], 2);
  EXPECT_EQ(m1["unparsed"], 1);
}

}  // namespace
}  // namespace evolbench
