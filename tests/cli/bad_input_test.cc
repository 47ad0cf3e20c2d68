// Finding 11 of issue 14, "bad input accepted or misnamed", through the real programs:
// each bad file or flag a user may give is refused with exit 2 and one line that names
// the file, line and field (or flag) and what is allowed.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "run/plan.h"
#include "llm/sim_server_process.h"
#include "report/results_json.h"
#include "support/process.h"

namespace evolbench {
namespace {

namespace fs = std::filesystem;

class BadInputFinding11 : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("evolbench-bad-input-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
    return path(name);
  }

  testing::ProcessResult evolbench(std::vector<std::string> args) const {
    args.insert(args.begin(), EVOLBENCH_BINARY);
    return testing::run_process(args, dir_);
  }

  // The Error of loading `plan` (written as plan.yaml), "" when it loads.
  std::string plan_error(const std::string& plan) const {
    auto loaded = load_plan(write("plan.yaml", plan));
    if (loaded.ok()) return "";
    EXPECT_EQ(loaded.error().kind, Error::Kind::kInput);
    return loaded.error().message;
  }

  // A scored pool of `easy` items of difficulty 2 and `hard` of difficulty 9.
  std::string pool(int easy, int hard) const {
    std::string text;
    for (int i = 0; i < easy + hard; ++i)
      text += "{\"id\": \"p" + std::to_string(i) + "\", \"instruction\": \"Explain tide table number " +
              std::to_string(i) + ".\", \"difficulty\": " + (i < easy ? "2" : "9") + "}\n";
    return write("pool.jsonl", text);
  }

  fs::path dir_;
};

constexpr const char* kTwoModelsYaml = "models:\n  - {name: sim-strong, quality: 0.9}\n  - {name: sim-weak, quality: 0}\n";

TEST_F(BadInputFinding11, DuplicateItemIdsNameFileLineAndIdAtImport) {
  const std::string source =
      write("wizardlm.jsonl",
            "{\"idx\": 1, \"Skill\": \"Math\", \"Difficulty\": 2, \"Instruction\": \"2+2?\"}\n"
            "{\"idx\": 2, \"Skill\": \"Art\", \"Difficulty\": 5, \"Instruction\": \"Draw.\"}\n"
            "{\"idx\": 1, \"Skill\": \"Math\", \"Difficulty\": 3, \"Instruction\": \"3+3?\"}\n");
  const auto run = evolbench({"testset", "import", "--format", "wizardlm", source, "--out", path("out.jsonl")});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "evolbench testset: " + source + ":3: field 'idx': duplicate id 'wizardlm-1' (first on line 1)\n");
  EXPECT_FALSE(fs::exists(path("out.jsonl")));
}

TEST_F(BadInputFinding11, DuplicateItemIdsNameFileLineAndIdAtLoad) {
  const std::string testset = write("testset.jsonl",
                                    "{\"id\": \"q0\", \"instruction\": \"Say hi.\", \"difficulty\": 2}\n"
                                    "{\"id\": \"q1\", \"instruction\": \"Say bye.\", \"difficulty\": 3}\n"
                                    "{\"id\": \"q0\", \"instruction\": \"Say hello.\", \"difficulty\": 4}\n");
  const std::string plan = write("plan.yaml", std::string(kTwoModelsYaml) + "testset: {path: testset.jsonl}\n");
  const auto run = evolbench({"run", plan, "--out", path("run"), "-q"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "evolbench run: " + testset + ":3: field 'id': duplicate id 'q0' (first on line 1)\n");

  write("seeds.jsonl", "{\"id\": \"s\", \"instruction\": \"Say hi.\"}\n{\"id\": \"s\", \"instruction\": \"Wave.\"}\n");
  const std::string evolve = write("evolve.yaml", std::string(kTwoModelsYaml) + "evolve: {seeds: seeds.jsonl}\n");
  const auto seeds = evolbench({"evolve", evolve, "--out", path("evolved"), "-q"});
  EXPECT_EQ(seeds.exit_code, 2);
  EXPECT_EQ(seeds.err, "evolbench evolve: " + path("seeds.jsonl") + ":2: field 'id': duplicate id 's' (first on line 1)\n");
}

TEST_F(BadInputFinding11, PlanIntegersSayTheWholeNumberRangeTheyTake) {
  const std::string at = path("plan.yaml") + ":1: field ";
  EXPECT_EQ(plan_error("evolve: {seeds: seeds.jsonl, rounds: 1.5}\n" + std::string(kTwoModelsYaml)),
            at + "'evolve.rounds': expected a whole number from 0 to 20");
  EXPECT_EQ(plan_error("testset: {per_bucket: 1e9}\nevolve: {seeds: seeds.jsonl}\n" + std::string(kTwoModelsYaml)),
            at + "'testset.per_bucket': expected a whole number from 1 to 1000000");
  EXPECT_EQ(plan_error("seed: -1\n" + std::string(kTwoModelsYaml)),
            at + "'seed': expected a whole number from 0 to 18446744073709551615");
  EXPECT_EQ(plan_error("judge: {pairs_per_item: two}\n" + std::string(kTwoModelsYaml) + "testset: {path: t.jsonl}\n"),
            at + "'judge.pairs_per_item': expected a whole number from 1 to 1000");
  EXPECT_EQ(plan_error("judge: {repeats: 0}\n" + std::string(kTwoModelsYaml) + "testset: {path: t.jsonl}\n"),
            at + "'judge.repeats': expected a whole number from 1 to 100");
  // The exit code of the same refusal.
  write("plan.yaml", "seed: -1\n" + std::string(kTwoModelsYaml));
  const auto run = evolbench({"run", path("plan.yaml"), "--out", path("run")});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "evolbench run: " + at + "'seed': expected a whole number from 0 to 18446744073709551615\n");
}

// Found by fuzz target plan_file: a byte 0x84 in an endpoint's extra_body made
// nlohmann's dump throw type_error (invalid UTF-8), ending the process.
TEST_F(BadInputFinding11, PlanThatIsNotUtf8IsRefusedNamingTheByte) {
  const std::string plan = "models:\n  - name: m\n    endpoint: {kind: openai, extra_body: {max_tokens: \x84null}}\n";
  EXPECT_EQ(plan_error(plan + "  - {name: sim-weak, quality: 0}\n"), path("plan.yaml") + ": invalid UTF-8 at byte 75");
}

TEST_F(BadInputFinding11, OutOfRangeSimSettingsAreRefusedByNameWithTheirRange) {
  const std::string at = path("plan.yaml") + ":1: field ";
  const std::string rest = std::string(kTwoModelsYaml) + "testset: {path: t.jsonl}\n";
  for (const auto& [line, message] : std::vector<std::pair<std::string, std::string>>{
           {"sim: {judge: {position_bias: -0.2}}", "'sim.judge.position_bias': expected a number from 0 to 1"},
           {"sim: {judge: {noise: 1.5}}", "'sim.judge.noise': expected a number from 0 to 1"},
           {"sim: {judge: {tie_strength: 3}}", "'sim.judge.tie_strength': expected a number from 0 to 1"},
           {"sim: {judge: {unparsable_rate: 1.2}}", "'sim.judge.unparsable_rate': expected a number from 0 to 1"},
           {"sim: {judge: {length_bias: .nan}}", "'sim.judge.length_bias': expected a number from -1 to 1"},
           {"sim: {judges: [{name: j2, noise: -1}]}", "'sim.judges[0].noise': expected a number from 0 to 1"},
           {"sim: {judges: [{name: j2, flip_rate: 1.5}]}", "'sim.judges[0].flip_rate': expected a number from 0 to 1"},
           {"sim: {evolver_failure_rate: 2}", "'sim.evolver_failure_rate': expected a number from 0 to 1"}})
    EXPECT_EQ(plan_error(line + "\n" + rest), at + message);
  EXPECT_EQ(plan_error("models:\n  - {name: a, quality: 12}\n  - {name: b, quality: 0}\ntestset: {path: t.jsonl}\n"),
            path("plan.yaml") + ":2: field 'models[0].quality': expected a number from -5 to 5");
  EXPECT_EQ(plan_error("models:\n  - {name: a, quality: 0}\n  - {name: b, verbosity: 0}\ntestset: {path: t.jsonl}\n"),
            path("plan.yaml") + ":3: field 'models[1].verbosity': expected a number from 0.1 to 10");
}

TEST_F(BadInputFinding11, NegativeMaxWordsIsRefusedWithItsRange) {
  EXPECT_EQ(plan_error("evolve: {seeds: seeds.jsonl, elimination: {max_words: -5}}\n" + std::string(kTwoModelsYaml)),
            path("plan.yaml") + ":1: field 'evolve.elimination.max_words': expected a whole number from 0 to 100000");
}

TEST_F(BadInputFinding11, TestsetPathWithPerBucketIsRefusedNamingBoth) {
  EXPECT_EQ(plan_error(std::string(kTwoModelsYaml) + "testset: {path: t.jsonl, per_bucket: 5}\n"),
            path("plan.yaml") +
                ":4: field 'testset.per_bucket': not with testset.path (a test set given by path is used whole)");
}

TEST_F(BadInputFinding11, EvolveWithATestsetPathIsRefusedNamingBoth) {
  EXPECT_EQ(plan_error(std::string(kTwoModelsYaml) + "testset: {path: t.jsonl}\nevolve: {seeds: seeds.jsonl}\n"),
            path("plan.yaml") +
                ":5: field 'evolve': a plan evolves a test set or reads one (testset.path), not both: remove one");
}

TEST_F(BadInputFinding11, OutOfRangeFlagsExit2NamingTheFlagAndItsRange) {
  const std::string pool_file = pool(3, 3);
  const std::vector<std::string> build = {"testset", "build", "--pool", pool_file, "--out", path("t.jsonl")};
  const auto with = [&](std::vector<std::string> flags) {
    flags.insert(flags.begin(), build.begin(), build.end());
    return evolbench(flags);
  };
  for (const auto& [flags, message] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"--exclude", pool_file, "--overlap", "7"}, "--overlap: expected a number from 0 to 1, got 7"},
           {{"--exclude", pool_file, "--ngram", "0"}, "--ngram: expected a whole number from 1 to 100, got 0"},
           {{"--per-level", "0"}, "--per-level: expected a whole number from 1 to 1000000, got 0"},
           {{"--per-bucket", "5", "--per-level", "2"},
            "--per-bucket and --per-level: give one (strata are buckets or levels)"}}) {
    const auto run = with(flags);
    EXPECT_EQ(run.exit_code, 2) << message;
    EXPECT_EQ(run.err, "evolbench testset: " + message + "\n");
    EXPECT_FALSE(fs::exists(path("t.jsonl")));
  }
  const std::string battles = write("battles.csv", "model_a,model_b,winner\na,b,model_a\n");
  const auto stats = evolbench({"stats", "--battles", battles, "--rounds", "0"});
  EXPECT_EQ(stats.exit_code, 2);
  EXPECT_EQ(stats.err, "evolbench stats: --rounds: expected a whole number from 1 to 1000000, got 0\n");
}

TEST_F(BadInputFinding11, UnfilledStratumIsReportedOnStderrAndInTheSummary) {
  const auto run = evolbench({"testset", "build", "--pool", pool(20, 4), "--out", path("t.jsonl"), "--per-bucket", "15"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err,
            "evolbench testset: stratum medium: 0 of the 15 items asked (the pool has no more)\n"
            "evolbench testset: stratum hard: 4 of the 15 items asked (the pool has no more)\n");
  EXPECT_EQ(run.out, "19 items written to " + path("t.jsonl") +
                         " (got/asked per stratum: easy 15/15, medium 0/15, hard 4/15)\n");
}

TEST_F(BadInputFinding11, MissingInputFileExits2InEveryCommand) {
  const std::string missing = path("missing");  // neither file nor folder
  write("testset.jsonl", "{\"id\": \"q0\", \"instruction\": \"Say hi.\", \"difficulty\": 2}\n");
  const std::string plan = write("plan.yaml", std::string(kTwoModelsYaml) + "testset: {path: testset.jsonl}\n");
  const std::string no_seeds = write("no-seeds.yaml", std::string(kTwoModelsYaml) + "evolve: {seeds: missing}\n");
  const std::string no_testset = write("no-testset.yaml", std::string(kTwoModelsYaml) + "testset: {path: missing}\n");
  const std::string no_judge =
      write("no-judge.yaml", std::string(kTwoModelsYaml) + "testset: {path: testset.jsonl}\njudge: {file: missing}\n");
  const std::string good_pool = pool(1, 1);
  const std::string results = write("results.json", results_to_json(Results{}));
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"run", missing},
           {"evolve", missing},
           {"answer", missing},
           {"judge", missing},
           {"run", no_seeds},
           {"run", no_testset},
           {"run", no_judge},
           {"evolve", "tree", "p0", "--pool", missing},
           {"evolve", "export", "--format", "alpaca", "--out", path("x.json"), "--pool", missing},
           {"evolve", "tree", "p0", "--store", missing},
           {"testset", "build", "--pool", missing, "--out", path("t.jsonl")},
           {"testset", "build", "--pool", good_pool, "--out", path("t.jsonl"), "--exclude", missing},
           {"testset", "stats", missing},
           {"testset", "import", "--format", "wizardlm", missing, "--out", path("t.jsonl")},
           {"testset", "import", "--format", "alpacaeval", missing, "--out", path("t.jsonl")},
           {"stats", "--store", missing},
           {"stats", "--battles", missing},
           {"report", "--results", missing, "--out", path("report")},
           {"gate", "--baseline", missing, "--candidate", results},
           {"gate", "--baseline", results, "--candidate", results, "--rules", missing},
           {"batch", "export", "--plan", missing, "--stage", "answer", "--out", path("b.jsonl")},
           {"batch", "import", "--plan", plan, "--out-dir", path("batch"), missing}}) {
    std::string command;
    for (const auto& arg : args) command += arg + " ";
    const auto run = evolbench(args);
    EXPECT_EQ(run.exit_code, 2) << command << "\n" << run.err;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << command << "\n" << run.err;
    // A run folder is named with the store it lacks; batch files are read by the llm
    // part, which words it "cannot open" alone.
    const bool named = run.err.find(missing + ": cannot open") != std::string::npos ||
                       run.err.find(missing + "/store.sqlite: no run store here") != std::string::npos;
    EXPECT_TRUE(named) << command << "\n" << run.err;
  }
}

TEST_F(BadInputFinding11, TruncatedOrMistypedResultsJsonExit2NamingTheByteOrField) {
  Results results;
  results.models = {"ref", "cand"};
  PairResult pair;
  pair.model = "cand";
  pair.opponent = "ref";
  pair.overall.tally = {70, 0, 30};
  results.pairs.push_back(pair);
  const std::string text = results_to_json(results);
  const std::string good = write("good.json", text);
  const std::string truncated = write("truncated.json", text.substr(0, 400));
  std::string mistyped_text = text;
  mistyped_text.replace(mistyped_text.find("\"wins\": 70"), 10, "\"wins\": \"70\"");
  const std::string mistyped = write("mistyped.json", mistyped_text);

  const auto report = evolbench({"report", "--results", truncated, "--out", path("report")});
  EXPECT_EQ(report.exit_code, 2);
  EXPECT_EQ(report.err.rfind("evolbench report: " + truncated + ": not valid JSON at byte 401: ", 0), 0u) << report.err;
  const auto gate = evolbench({"gate", "--baseline", good, "--candidate", mistyped});
  EXPECT_EQ(gate.exit_code, 2);
  EXPECT_EQ(gate.err, "evolbench gate: " + mistyped + ": field 'pairs[0].wins': expected an integer, got string \"70\"\n");
  for (const auto& run : {report, gate}) EXPECT_EQ(run.err.find("json.exception"), std::string::npos) << run.err;
}

TEST_F(BadInputFinding11, SimServerRefusesAPortInUse) {
  testing::SimServerProcess first({});
  ASSERT_GT(first.port(), 0);
  const std::string port = std::to_string(first.port());
  const auto second = testing::run_process({EVOLBENCH_SIM_SERVER, "--port", port}, dir_, std::chrono::seconds(10));
  EXPECT_EQ(second.exit_code, 2);
  EXPECT_EQ(second.err, "evolbench-sim-server: port " + port + " is in use\n");
  EXPECT_EQ(second.out, "");
}

}  // namespace
}  // namespace evolbench
