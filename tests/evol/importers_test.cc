#include "evol/importers.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "evol/decontamination.h"
#include "evol/exports.h"
#include "evol/lineage.h"

namespace evolbench {
namespace {

std::string temp_file(const std::string& name, const std::string& content) {
  const auto path = std::filesystem::temp_directory_path() / ("evolbench-import-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path) << content;
  return path.string();
}

TEST(Import, WizardLmTestsetFromSharedData) {
  const std::string path = std::string(EVOLBENCH_SHARED_DATA_DIR) + "/wizardlm_testset.jsonl";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no shared data at " << path;
  auto imported = import_testset(path, ImportFormat::kWizardLm, false);
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  EXPECT_EQ(imported->items.size(), 218u);
  std::set<int> levels;
  std::set<std::string> skills;
  for (const auto& item : imported->items) {
    levels.insert(item.difficulty);
    skills.insert(item.skill);
  }
  EXPECT_EQ(levels, (std::set<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_EQ(skills.size(), 29u);
  EXPECT_EQ(imported->items[0].id, "wizardlm-1");
  EXPECT_EQ(imported->items[0].difficulty, 1);
}

TEST(Import, MalformedLineStopsWithItsLineUnlessSkipping) {
  const auto path = temp_file("wiz.jsonl",
                              "{\"idx\": 1, \"Skill\": \"Math\", \"Difficulty\": 2, \"Instruction\": \"2+2?\"}\n"
                              "{\"idx\": 2, \"Skill\": \"Math\", \"Difficulty\": \"hard\", \"Instruction\": \"x\"}\n"
                              "{not json\n"
                              "{\"idx\": 4, \"Skill\": \"Art\", \"Difficulty\": 5, \"Instruction\": \"Draw.\"}\n");
  auto strict = import_testset(path, ImportFormat::kWizardLm, false);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.error().message, path + ":2: field 'Difficulty': expected an integer, got string \"hard\"");
  auto lenient = import_testset(path, ImportFormat::kWizardLm, true);
  ASSERT_TRUE(lenient.ok());
  EXPECT_EQ(lenient->items.size(), 2u);
  ASSERT_EQ(lenient->skipped.size(), 2u);
  EXPECT_NE(lenient->skipped[1].find(path + ":3: not valid JSON"), std::string::npos);
  std::filesystem::remove(path);
}

TEST(BadInputFinding11, DuplicateImportIdsNameFileLineAndId) {
  const auto path = temp_file("dup.jsonl",
                              "{\"idx\": 1, \"Skill\": \"Math\", \"Difficulty\": 2, \"Instruction\": \"2+2?\"}\n"
                              "{\"idx\": 2, \"Skill\": \"Art\", \"Difficulty\": 5, \"Instruction\": \"Draw.\"}\n"
                              "{\"idx\": 1, \"Skill\": \"Math\", \"Difficulty\": 3, \"Instruction\": \"3+3?\"}\n");
  auto strict = import_testset(path, ImportFormat::kWizardLm, false);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.error().kind, Error::Kind::kInput);
  EXPECT_EQ(strict.error().message, path + ":3: field 'idx': duplicate id 'wizardlm-1' (first on line 1)");
  auto lenient = import_testset(path, ImportFormat::kWizardLm, true);
  ASSERT_TRUE(lenient.ok());
  ASSERT_EQ(lenient->items.size(), 2u);  // the first of the two is kept
  EXPECT_EQ(lenient->items[0].instruction, "2+2?");
  EXPECT_EQ(lenient->skipped, std::vector<std::string>{strict.error().message});
  std::filesystem::remove(path);
}

TEST(Import, MtBenchKeepsEveryTurnTheCategoryAndTheReferences) {
  const auto path = temp_file("mt.jsonl",
                              R"({"question_id": 81, "category": "writing", "turns": ["Write a blog post.", "Rewrite it."]})"
                              "\n"
                              R"({"question_id": 111, "category": "math", "turns": ["Area?"], "reference": ["3"]})"
                              "\n");
  auto imported = import_testset(path, ImportFormat::kMtBench, false);
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  ASSERT_EQ(imported->items.size(), 2u);
  EXPECT_EQ(imported->items[0].id, "mtbench-81");
  EXPECT_EQ(imported->items[0].instruction, "Write a blog post.");
  EXPECT_EQ(imported->items[0].follow_ups, std::vector<std::string>{"Rewrite it."});
  EXPECT_EQ(imported->items[0].skill, "writing");
  EXPECT_EQ(imported->items[1].reference, "3");
  EXPECT_TRUE(imported->items[1].follow_ups.empty());
  std::filesystem::remove(path);
}

TEST(Import, MtBenchSharedDataGivesEightyConversationsThirtyWithTwoReferences) {
  const std::string dir = std::string(EVOLBENCH_SHARED_DATA_DIR) + "/mtbench";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no shared data at " << dir;
  auto imported = import_testset(dir + "/question.jsonl", ImportFormat::kMtBench, false,
                                 dir + "/reference_answer/gpt-4.jsonl");
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  ASSERT_EQ(imported->items.size(), 80u);
  std::set<std::string> skills_with_references;
  int two_turns = 0, two_references = 0;
  for (const auto& item : imported->items) {
    two_turns += turn_count(item) == 2;
    if (item.reference && item.follow_up_references.size() == 1) {
      ++two_references;
      skills_with_references.insert(item.skill);
    }
  }
  EXPECT_EQ(two_turns, 80);
  EXPECT_EQ(two_references, 30);
  EXPECT_EQ(skills_with_references, (std::set<std::string>{"coding", "math", "reasoning"}));
}

TEST(Import, MtBenchReferencesNamingAnUnknownQuestionOrTooManyTurnsAreRefused) {
  const auto questions = temp_file("mtq.jsonl", R"({"question_id": 1, "category": "math", "turns": ["A?", "B?"]})" "\n");
  const auto unknown = temp_file("mtr1.jsonl", "\n" R"({"question_id": 7, "choices": [{"turns": ["a", "b"]}]})" "\n");
  auto imported = import_testset(questions, ImportFormat::kMtBench, false, unknown);
  ASSERT_FALSE(imported.ok());
  EXPECT_NE(imported.error().message.find(unknown + ":2: field 'question_id': no question 7"), std::string::npos)
      << imported.error().message;
  const auto too_many = temp_file("mtr2.jsonl", R"({"question_id": 1, "choices": [{"turns": ["a", "b", "c"]}]})" "\n");
  imported = import_testset(questions, ImportFormat::kMtBench, false, too_many);
  ASSERT_FALSE(imported.ok());
  EXPECT_NE(imported.error().message.find(too_many + ":1: field 'choices[0].turns': 3 references for 2 turns"),
            std::string::npos)
      << imported.error().message;
  const auto not_text = temp_file("mtq2.jsonl", R"({"question_id": 2, "turns": ["A?", 3]})" "\n");
  imported = import_testset(not_text, ImportFormat::kMtBench, false);
  ASSERT_FALSE(imported.ok());
  EXPECT_NE(imported.error().message.find(not_text + ":1: field 'turns': element 2: expected a string"),
            std::string::npos)
      << imported.error().message;
  for (const auto& path : {questions, unknown, too_many, not_text}) std::filesystem::remove(path);
}

TEST(Import, VicunaAndAlpacaEval) {
  const auto vicuna = temp_file("vicuna.jsonl", R"({"question_id": 7, "text": "How do bees fly?", "category": "generic"})" "\n");
  auto v = import_testset(vicuna, ImportFormat::kVicuna, false);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->items[0].id, "vicuna-7");
  const auto alpaca = temp_file("alpaca.json", R"([{"instruction": "Name a fruit.", "output": "Apple", "dataset": "helpful_base"}, {"output": "x"}])");
  EXPECT_FALSE(import_testset(alpaca, ImportFormat::kAlpacaEval, false).ok());
  auto a = import_testset(alpaca, ImportFormat::kAlpacaEval, true);
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->items.size(), 1u);
  EXPECT_EQ(a->items[0].skill, "helpful_base");
  EXPECT_EQ(a->skipped[0], alpaca + ": record 2: field 'instruction': missing or not text");
  std::filesystem::remove(vicuna);
  std::filesystem::remove(alpaca);
}

TEST(Import, UnknownFormatListsTheKnownOnes) {
  auto format = import_format("sharegpt");
  ASSERT_FALSE(format.ok());
  EXPECT_NE(format.error().message.find("wizardlm, mtbench, vicuna, alpacaeval"), std::string::npos);
}

TEST(BadInputFinding11, OverlapZeroExcludesOnlyItemsThatShareAnNgram) {
  const Decontaminator exclude({"one two three four five six seven eight nine"}, 3, 0.0);
  EXPECT_TRUE(exclude.contaminated("ten eleven twelve one two three thirteen fourteen"));
  EXPECT_FALSE(exclude.contaminated("ten eleven twelve thirteen fourteen fifteen"));
}

TEST(Decontamination, LongOverlapIsCaughtUnrelatedTextIsNot) {
  const Decontaminator exclude({"Explain how the water cycle moves water between the oceans, the air and the land "
                                "over the course of a year."},
                               8, 0.5);
  EXPECT_TRUE(exclude.contaminated("Explain how the water cycle moves water between the oceans, the air and the land."));
  EXPECT_FALSE(exclude.contaminated("Describe how a beekeeper plans hive inspections through a wet spring season."));
  EXPECT_TRUE(Decontaminator({"Name a fruit."}).contaminated("name a FRUIT"));  // shorter than n: exact
  EXPECT_FALSE(Decontaminator({"Name a fruit."}).contaminated("Name a vegetable."));
}

Evolution member(std::string id, std::string parent, int round, EvolutionStatus status, std::string answer) {
  return {id, parent, "s", round, round ? "deepen" : "seed", "Instruction " + id, std::move(answer), status,
          status == EvolutionStatus::kKept ? "" : "duplicate", round + 3, "math"};
}

TEST(Exports, OnlyKeptAnsweredMembers) {
  const std::vector<Evolution> pool = {member("s", "", 0, EvolutionStatus::kKept, "A0"),
                                       member("c1", "s", 1, EvolutionStatus::kEliminated, "A1"),
                                       member("c2", "s", 2, EvolutionStatus::kKept, ""),
                                       member("c3", "s", 2, EvolutionStatus::kKept, "say \"hi\"")};
  EXPECT_EQ(export_alpaca(pool),
            "[\n  {\n    \"instruction\": \"Instruction s\",\n    \"input\": \"\",\n    \"output\": \"A0\"\n  },\n"
            "  {\n    \"instruction\": \"Instruction c3\",\n    \"input\": \"\",\n    \"output\": \"say \\\"hi\\\"\"\n  }\n]\n");
  EXPECT_EQ(export_sharegpt(pool),
            "{\"id\":\"s\",\"conversations\":[{\"from\":\"human\",\"value\":\"Instruction s\"},{\"from\":\"gpt\",\"value\":\"A0\"}]}\n"
            "{\"id\":\"c3\",\"conversations\":[{\"from\":\"human\",\"value\":\"Instruction c3\"},{\"from\":\"gpt\",\"value\":\"say \\\"hi\\\"\"}]}\n");
}

TEST(Lineage, TreeShowsTheWholeFamilyMarkingTheAskedMember) {
  const std::vector<Evolution> pool = {member("s", "", 0, EvolutionStatus::kKept, ""),
                                       member("c1", "s", 1, EvolutionStatus::kEliminated, ""),
                                       member("c2", "s", 2, EvolutionStatus::kKept, ""),
                                       member("c3", "c2", 3, EvolutionStatus::kKept, "")};
  auto family = family_of(pool, "c2");
  ASSERT_TRUE(family.ok());
  EXPECT_EQ(render_family_tree(*family, "c2"),
            "  s  round 0  seed  kept  difficulty 3\n    Instruction s\n"
            "    c1  round 1  deepen  eliminated: duplicate  difficulty 4\n      Instruction c1\n"
            "*   c2  round 2  deepen  kept  difficulty 5\n      Instruction c2\n"
            "      c3  round 3  deepen  kept  difficulty 6\n        Instruction c3\n");
  EXPECT_FALSE(family_of(pool, "nope").ok());
}

TEST(Lineage, FamilyListsTheSeedFirstThenEachMemberBeforeItsChildrenByRound) {
  const std::vector<Evolution> pool = {member("c3", "c2", 3, EvolutionStatus::kKept, ""),
                                       member("c2", "s", 2, EvolutionStatus::kKept, ""),
                                       member("c1", "s", 1, EvolutionStatus::kEliminated, ""),
                                       member("s", "", 0, EvolutionStatus::kKept, "")};
  auto family = family_of(pool, "c3");
  ASSERT_TRUE(family.ok());
  std::vector<std::pair<std::string, int>> order;
  for (const auto& [evolution, depth] : *family) order.emplace_back(evolution->id, depth);
  EXPECT_EQ(order, (std::vector<std::pair<std::string, int>>{{"s", 0}, {"c1", 1}, {"c2", 1}, {"c3", 2}}));
}

}  // namespace
}  // namespace evolbench
