#include "cli/commands.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace evolbench {
namespace {

// Runs the CLI, returning (exit code, what it wrote to stderr).
std::pair<int, std::string> run(const std::vector<std::string>& args) {
  ::testing::internal::CaptureStderr();
  ::testing::internal::CaptureStdout();
  const int code = run_cli(args);
  (void)::testing::internal::GetCapturedStdout();
  return {code, ::testing::internal::GetCapturedStderr()};
}

TEST(Cli, HelpListsEverySubcommand) {
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(run_cli({"--help"}), kExitOk);
  const std::string help = ::testing::internal::GetCapturedStdout();
  for (const char* name : {"demo", "run", "evolve", "testset", "answer", "judge", "stats", "report", "gate"})
    EXPECT_NE(help.find(std::string("  ") + name + " "), std::string::npos) << name;
}

TEST(Cli, EverySubcommandHasHelp) {
  for (const auto& command : subcommands()) {
    ::testing::internal::CaptureStdout();
    EXPECT_EQ(run_cli({command.name, "--help"}), kExitOk) << command.name;
    EXPECT_NE(::testing::internal::GetCapturedStdout().find("usage: evolbench"), std::string::npos);
  }
}

TEST(Cli, UnknownCommandExits2WithOneLine) {
  const auto [code, err] = run({"evolve-all"});
  EXPECT_EQ(code, kExitUsage);
  EXPECT_EQ(err, "evolbench: unknown command 'evolve-all' (see evolbench --help)\n");
}

TEST(Cli, UnknownOptionExits2WithOneLine) {
  const auto [code, err] = run({"demo", "--colour"});
  EXPECT_EQ(code, kExitUsage);
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_NE(err.find("colour"), std::string::npos) << err;
}

TEST(Cli, BadValueExits2WithOneLine) {
  const auto [code, err] = run({"demo", "--seed", "seven"});
  EXPECT_EQ(code, kExitUsage);
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_NE(err.find("seed"), std::string::npos) << err;
}

TEST(Cli, MissingRequiredOptionExits2) {
  EXPECT_EQ(run({"report", "--out", "x"}).first, kExitUsage);
  EXPECT_EQ(run({"gate", "--baseline", "a.json"}).first, kExitUsage);
}

TEST(Cli, MissingInputFileExitsWithItsName) {
  const auto [code, err] = run({"testset", "stats", "/nonexistent/items.jsonl"});
  EXPECT_NE(code, kExitOk);
  EXPECT_NE(err.find("/nonexistent/items.jsonl"), std::string::npos) << err;
}

TEST(Cli, TestsetStatsJsonCountsLevelsAndSkills) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("evolbench-stats-" + std::to_string(::getpid()) + ".jsonl")).string();
  std::ofstream(path) << R"({"id": "a", "instruction": "x", "difficulty": 3, "skill": "math"})" "\n"
                      << R"({"id": "b", "instruction": "y", "difficulty": 3, "skill": "code"})" "\n"
                      << R"({"id": "c", "instruction": "z", "skill": "math"})" "\n";
  ::testing::internal::CaptureStdout();
  const int code = run_cli({"testset", "stats", path, "--json"});
  const std::string out = ::testing::internal::GetCapturedStdout();
  std::filesystem::remove(path);
  ASSERT_EQ(code, kExitOk);
  const auto json = nlohmann::json::parse(out);
  EXPECT_EQ(json["items"], 3);
  EXPECT_EQ(json["skills"], 2);
  // Unscored first (null), then the levels in order; skills in order.
  EXPECT_EQ(json["by_difficulty"], nlohmann::json::parse(R"([{"difficulty": null, "items": 1},
                                                              {"difficulty": 3, "items": 2}])"));
  EXPECT_EQ(json["by_skill"], nlohmann::json::parse(R"([{"skill": "code", "items": 1}, {"skill": "math", "items": 2}])"));
}

TEST(Cli, BadPlanFieldExits2NamingFileAndLine) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("evolbench-plan-" + std::to_string(::getpid()) + ".yaml")).string();
  std::ofstream(path) << "seed: 1\nmodels:\n  - {name: a, quality: 1}\n  - {name: b, qualty: 2}\n";
  const auto [code, err] = run({"run", path, "--out", path + ".out"});
  std::filesystem::remove(path);
  EXPECT_EQ(code, kExitUsage);
  EXPECT_EQ(err, "evolbench run: " + path + ":4: field 'models[1].qualty': unknown field\n");
}

}  // namespace
}  // namespace evolbench
