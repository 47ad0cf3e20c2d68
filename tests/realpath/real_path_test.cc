// The real path a user walks: the built evolbench binary in its own process, every
// role (compared models, judge, evolver, teacher, equality judge, grader) behind the
// sim-server as an OpenAI-compatible endpoint, plans and test sets written as files,
// and what the run wrote (results.json, the report) read back. Each test is named
// after the finding of the real-path issue it covers.
#include <gtest/gtest.h>

#include <filesystem>

#include "llm/sim_server_process.h"
#include "realpath/process.h"

namespace evolbench {
namespace {

namespace fs = std::filesystem;
using testing::read_json;
using testing::read_text;
using testing::run_evolbench;
using testing::write_text;

constexpr int kItems = 40;

class RealPath : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_dir("evolbench-real-path");
    std::string testset;
    for (int i = 0; i < kItems; ++i)
      testset += "{\"id\": \"q" + std::to_string(i) + "\", \"instruction\": \"Question " + std::to_string(i) +
                 ": how would you explain recursion to a new programmer?\", \"difficulty\": " +
                 std::to_string(1 + i % 10) + "}\n";
    write_text(dir_ / "testset.jsonl", testset);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::vector<std::string> server_flags(std::vector<std::string> extra = {}) {
    std::vector<std::string> flags = {"--seed", "1", "--model", "sim-strong:0.9:0.4:1.0", "--model",
                                      "sim-mid:0.4:0.0:1.0", "--model", "sim-weak:0.0:-0.3:0.8"};
    flags.insert(flags.end(), extra.begin(), extra.end());
    return flags;
  }

  // An endpoint on `server` as a plan writes it.
  static std::string endpoint(const testing::SimServerProcess& server, const std::string& more = "") {
    return "{kind: openai, base_url: \"" + server.base_url() + "\", max_in_flight: 16, max_attempts: 4" +
           (more.empty() ? "" : ", " + more) + "}";
  }

  // A plan comparing the three served models on the test set, each named model and the
  // judge over `server`, plus `extra` YAML at the end.
  std::string write_plan(const testing::SimServerProcess& server, const std::string& extra = "",
                         const std::vector<std::string>& simulated = {}) const {
    std::string plan = "seed: 3\nmodels:\n";
    for (const char* name : {"sim-strong", "sim-mid", "sim-weak"}) {
      const bool sim = std::find(simulated.begin(), simulated.end(), name) != simulated.end();
      plan += std::string("  - {name: ") + name + ", quality: 0.5" + (sim ? "" : ", endpoint: " + endpoint(server)) + "}\n";
    }
    plan += "endpoints:\n  sim-judge: " + endpoint(server) + "\n";
    plan += "testset: {path: testset.jsonl}\n";
    plan += extra;
    write_text(dir_ / "plan.yaml", plan);
    return (dir_ / "plan.yaml").string();
  }

  // A plan evolving `seed_count` seeds for one round, every role over `server`, and
  // drawing `per_bucket` items per difficulty bucket.
  std::string write_evolution_plan(const testing::SimServerProcess& server, int seed_count, int per_bucket) const {
    std::string seeds;
    for (int i = 0; i < seed_count; ++i)
      seeds += "{\"id\": \"s" + std::to_string(i) + "\", \"instruction\": \"Write a short note about topic " +
               std::to_string(i) + " for a school newsletter.\"}\n";
    write_text(dir_ / "seeds.jsonl", seeds);
    std::string plan = "seed: 2\nmodels:\n";
    for (const char* name : {"sim-strong", "sim-weak"})
      plan += std::string("  - {name: ") + name + ", endpoint: " + endpoint(server) + "}\n";
    plan += "endpoints:\n";
    for (const char* name : {"sim-judge", "sim-evolver", "sim-teacher", "sim-grader"})
      plan += std::string("  ") + name + ": " + endpoint(server) + "\n";
    plan += "evolve: {seeds: seeds.jsonl, rounds: 1}\ntestset: {per_bucket: " + std::to_string(per_bucket) + "}\n";
    write_text(dir_ / "plan.yaml", plan);
    return (dir_ / "plan.yaml").string();
  }

  testing::Finished run(const std::string& plan, const std::string& out = "out") const {
    return run_evolbench({"run", plan, "--out", (dir_ / out).string(), "--quiet"}, dir_ / "logs");
  }

  fs::path dir_;
};

TEST_F(RealPath, Finding1_ARunOverEndpointsIsNotCalledSimulatedAndNamesItsEndpoints) {
  testing::SimServerProcess server(server_flags());
  ASSERT_GT(server.port(), 0);
  const auto done = run(write_plan(server));
  ASSERT_EQ(done.status, 0) << done.err;
  const auto results = read_json(dir_ / "out" / "results.json");
  EXPECT_EQ(results["run"]["simulated_models"], nlohmann::json::array());
  std::set<std::pair<std::string, std::string>> served;  // (role, name)
  for (const auto& use : results["run"]["endpoints"]) {
    served.insert({use["role"].get<std::string>(), use["name"].get<std::string>()});
    EXPECT_EQ(use["kind"], "openai");
    EXPECT_EQ(use["host"], "127.0.0.1:" + std::to_string(server.port()));
  }
  EXPECT_EQ(served, (std::set<std::pair<std::string, std::string>>{{"compared", "sim-strong"},
                                                                   {"compared", "sim-mid"},
                                                                   {"compared", "sim-weak"},
                                                                   {"judge", "sim-judge"}}));
  EXPECT_EQ(server.stats()["completions"], 3 * kItems + 3 * kItems * 2);  // every call went over HTTP
  EXPECT_EQ(read_text(dir_ / "out" / "index.html").find("class=\"banner\""), std::string::npos);
  EXPECT_EQ(read_text(dir_ / "out" / "summary.md").find("imulated"), std::string::npos);
}

// A rerun of a finished run asks nothing; its results still came from the same places.
TEST_F(RealPath, Finding1_ARerunOfAFinishedRunKeepsItsEndpointsAndItsBanner) {
  testing::SimServerProcess server(server_flags());
  ASSERT_GT(server.port(), 0);
  const std::string plan = write_plan(server, "", {"sim-weak"});
  ASSERT_EQ(run(plan).status, 0);
  const auto first = read_json(dir_ / "out" / "results.json");
  const auto completions = server.stats()["completions"];
  const auto again = run(plan);
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(server.stats()["completions"], completions);  // nothing was asked again
  const auto results = read_json(dir_ / "out" / "results.json");
  EXPECT_EQ(results["run"]["calls"]["made"], 0);
  EXPECT_EQ(results["run"]["endpoints"].size(), 3u);  // sim-strong, sim-mid, the judge
  EXPECT_EQ(results["run"]["endpoints"], first["run"]["endpoints"]);
  EXPECT_EQ(results["run"]["simulated_models"], nlohmann::json::array({"sim-weak"}));
  EXPECT_NE(read_text(dir_ / "out" / "index.html").find("class=\"banner\""), std::string::npos);
}

TEST_F(RealPath, Finding1_AModelLeftToTheSimulatorIsNamedInTheBanner) {
  testing::SimServerProcess server(server_flags());
  ASSERT_GT(server.port(), 0);
  const auto done = run(write_plan(server, "", {"sim-weak"}));
  ASSERT_EQ(done.status, 0) << done.err;
  const auto results = read_json(dir_ / "out" / "results.json");
  EXPECT_EQ(results["run"]["simulated_models"], nlohmann::json::array({"sim-weak"}));
  const std::string html = read_text(dir_ / "out" / "index.html");
  const auto banner = html.find("class=\"banner\"");
  ASSERT_NE(banner, std::string::npos);
  EXPECT_NE(html.substr(banner, 200).find("sim-weak"), std::string::npos);
  EXPECT_NE(read_text(dir_ / "out" / "summary.md").find("Simulated results: sim-weak"), std::string::npos);
}

TEST_F(RealPath, Finding1_EveryRoleOfAnEvolutionRunOverEndpoints) {
  testing::SimServerProcess server(server_flags());
  ASSERT_GT(server.port(), 0);
  const auto done = run(write_evolution_plan(server, 12, 3));
  ASSERT_EQ(done.status, 0) << done.err;
  const auto results = read_json(dir_ / "out" / "results.json");
  EXPECT_EQ(results["run"]["simulated_models"], nlohmann::json::array());
  std::set<std::string> roles;
  for (const auto& use : results["run"]["endpoints"]) roles.insert(use["role"].get<std::string>());
  EXPECT_EQ(roles, (std::set<std::string>{"compared", "judge", "evolver", "teacher", "equality", "grader"}));
}

TEST_F(RealPath, Finding2_AnEndpointNoRoleUsesIsAnInputErrorAndNothingIsWritten) {
  testing::SimServerProcess server(server_flags());
  ASSERT_GT(server.port(), 0);
  // The judge file names sim-judge; the endpoint meant for it is named otherwise.
  std::string plan = read_text(write_plan(server));
  plan.replace(plan.find("  sim-judge: "), 13, "  gpt-judge: ");
  write_text(dir_ / "plan.yaml", plan);
  const auto done = run((dir_ / "plan.yaml").string());
  EXPECT_EQ(done.status, 2) << done.err;
  EXPECT_NE(done.err.find("endpoints.gpt-judge: no role of the plan uses model 'gpt-judge'"), std::string::npos)
      << done.err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
  EXPECT_EQ(server.stats()["requests"], 0);
}

TEST_F(RealPath, Finding2_AJudgeWithNoEndpointAndNoSimulatorIsNamedByItsField) {
  testing::SimServerProcess server(server_flags());
  ASSERT_GT(server.port(), 0);
  const auto done = run(write_plan(server, "judge: {model: gpt-4o}\n"));
  EXPECT_EQ(done.status, 2) << done.err;
  EXPECT_NE(done.err.find("judge.model: the judge model 'gpt-4o' has no endpoint"), std::string::npos) << done.err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}

TEST_F(RealPath, Finding2_ATestSetThatDoesNotLoadLeavesNoRunFolder) {
  testing::SimServerProcess server(server_flags());
  ASSERT_GT(server.port(), 0);
  write_text(dir_ / "testset.jsonl", "{\"id\": \"q1\", \"instruction\": \"Why?\"}\n{\"id\": \"q2\", \"instr\n");
  const auto done = run(write_plan(server));
  EXPECT_EQ(done.status, 2) << done.err;
  EXPECT_NE(done.err.find("testset.jsonl:2"), std::string::npos) << done.err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}

TEST_F(RealPath, Finding3_AnUnknownModelSaysTheStatusAndTheServersWordsAndIsPermanent) {
  testing::SimServerProcess server(server_flags());
  ASSERT_GT(server.port(), 0);
  std::string plan = read_text(write_plan(server));
  // sim-mid's endpoint asks for a model id the server does not serve.
  const auto mid = plan.find("sim-mid");
  plan.insert(plan.find("max_in_flight", mid), "model: no-such-model, ");
  write_text(dir_ / "plan.yaml", plan);
  const auto done = run((dir_ / "plan.yaml").string());
  EXPECT_EQ(done.status, 3) << done.err;
  EXPECT_NE(done.err.find(std::to_string(kItems) + " answer calls failed"), std::string::npos) << done.err;
  EXPECT_NE(done.err.find("HTTP 404: "), std::string::npos) << done.err;
  EXPECT_NE(done.err.find("no-such-model"), std::string::npos) << done.err;  // the server's words
  EXPECT_NE(done.err.find("[permanent]"), std::string::npos) << done.err;
  EXPECT_EQ(done.err.find("run again"), std::string::npos) << done.err;
}

TEST_F(RealPath, Finding3_AnInputOverTheLimitIsRefusedBeforeItIsSent) {
  testing::SimServerProcess server(server_flags());
  ASSERT_GT(server.port(), 0);
  std::string plan = read_text(write_plan(server));
  const auto mid = plan.find("sim-mid");
  plan.insert(plan.find("max_in_flight", mid), "max_input_chars: 50, ");
  write_text(dir_ / "plan.yaml", plan);
  const auto done = run((dir_ / "plan.yaml").string());
  EXPECT_EQ(done.status, 3) << done.err;
  EXPECT_NE(done.err.find("over the endpoint's max_input_chars of 50; not sent [permanent]"), std::string::npos)
      << done.err;
  // sim-mid's answers were never sent: the two other models' answers were, and the
  // judge's games of the one pair both of whose answers exist (judged as answers come).
  EXPECT_EQ(server.stats()["requests"], 2 * kItems + 2 * kItems);
}

TEST_F(RealPath, Finding3_ADeadlineSaysSoAndIsWorthARerun) {
  testing::SimServerProcess server(server_flags({"--latency-ms", "400"}));
  ASSERT_GT(server.port(), 0);
  std::string plan = read_text(write_plan(server));
  const auto strong = plan.find("sim-strong");
  plan.insert(plan.find("max_in_flight", strong), "deadline_s: 0.1, ");
  write_text(dir_ / "plan.yaml", plan);
  const auto done = run((dir_ / "plan.yaml").string());
  EXPECT_EQ(done.status, 3) << done.err;
  EXPECT_NE(done.err.find("deadline reached"), std::string::npos) << done.err;
  EXPECT_NE(done.err.find("run again to retry"), std::string::npos) << done.err;
}

TEST_F(RealPath, Finding3_ARefusedConnectionIsNamedAndWorthARerun) {
  int port = 0;
  {
    testing::SimServerProcess gone(server_flags());
    port = gone.port();
  }  // stopped: nothing listens there now
  ASSERT_GT(port, 0);
  std::string plan = "seed: 1\nmodels:\n"
                     "  - {name: a, endpoint: {kind: openai, base_url: \"http://127.0.0.1:" + std::to_string(port) +
                     "/v1\", max_attempts: 2}}\n  - {name: b, quality: 0}\ntestset: {path: testset.jsonl}\n";
  write_text(dir_ / "plan.yaml", plan);
  const auto done = run((dir_ / "plan.yaml").string());
  EXPECT_EQ(done.status, 3) << done.err;
  EXPECT_NE(done.err.find("failed after 2 attempts: "), std::string::npos) << done.err;
  EXPECT_NE(done.err.find("onnect"), std::string::npos) << done.err;  // curl's words
  EXPECT_NE(done.err.find("run again to retry them"), std::string::npos) << done.err;
  EXPECT_EQ(done.err.find("[permanent]"), std::string::npos) << done.err;
}

TEST_F(RealPath, Finding4_UnreadableVerdictsAreCountedWhereverNIsShown) {
  testing::SimServerProcess server(server_flags({"--judge-unparsable", "0.4"}));
  ASSERT_GT(server.port(), 0);
  const auto done = run(write_plan(server));
  ASSERT_EQ(done.status, 0) << done.err;
  const auto results = read_json(dir_ / "out" / "results.json");
  int unparsed = 0;
  for (const auto& pair : results["pairs"]) {
    EXPECT_EQ(pair["n"].get<int>() + pair["unparsed"].get<int>(), kItems) << pair["model"] << pair["opponent"];
    unparsed += pair["unparsed"].get<int>();
  }
  EXPECT_GT(unparsed, 0);
  // The leaderboard's unparsed counts, in every file that shows n.
  const std::string csv = read_text(dir_ / "out" / "leaderboard.csv");
  const std::string md = read_text(dir_ / "out" / "summary.md");
  for (const auto& row : results["leaderboard"]) {
    const std::string model = row["model"];
    int model_unparsed = 0;
    for (const auto& pair : results["pairs"])
      if (pair["model"] == model) model_unparsed += pair["unparsed"].get<int>();
    EXPECT_GT(model_unparsed, 0) << model;
    const auto line = csv.substr(csv.find(model), csv.find("\r\n", csv.find(model)) - csv.find(model));
    EXPECT_EQ(line.substr(line.rfind(',') + 1), std::to_string(model_unparsed)) << line;
    const auto md_line = md.substr(md.find("| " + model), md.find('\n', md.find("| " + model)) - md.find("| " + model));
    EXPECT_NE(md_line.find("| " + std::to_string(model_unparsed) + " |"), std::string::npos) << md_line;
  }
  // A rerun asks only for what was not read, and the store's figures stay whole.
  const auto asked = server.stats()["requests"].get<int>();
  const auto again = run((dir_ / "plan.yaml").string());
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_GT(server.stats()["requests"].get<int>(), asked);
  const auto rerun = read_json(dir_ / "out" / "results.json");
  for (const auto& pair : rerun["pairs"]) EXPECT_EQ(pair["n"].get<int>() + pair["unparsed"].get<int>(), kItems);
}

TEST_F(RealPath, Finding5_AJudgeWhosePatternsNeverMatchExits3ShowingAnOutput) {
  testing::SimServerProcess server(server_flags());
  ASSERT_GT(server.port(), 0);
  write_text(dir_ / "blind-judge.yaml",
             "name: blind\nkind: pairwise\nmodel: sim-judge\nparse_retries: 0\n"
             "user: |\n  Which answer is better?\n  {instruction}\n  <<<ANSWER A>>>{answer_a}<<<END>>>\n"
             "  <<<ANSWER B>>>{answer_b}<<<END>>>\n  End with [[A]], [[B]] or [[C]].\n"
             "verdicts:\n  - {pattern: 'WINNER=first', outcome: A}\n  - {pattern: 'WINNER=second', outcome: B}\n"
             "  - {pattern: 'WINNER=none', outcome: tie}\n");
  const auto done = run(write_plan(server, "judge: {file: blind-judge.yaml}\n"));
  EXPECT_EQ(done.status, 3) << done.err;
  EXPECT_NE(done.err.find("blind-judge.yaml: no verdict could be read for any of the"), std::string::npos) << done.err;
  EXPECT_NE(done.err.find("one output begins: \""), std::string::npos) << done.err;
}

TEST_F(RealPath, Finding5_AnEmptyTestSetIsAnInputError) {
  testing::SimServerProcess server(server_flags());
  ASSERT_GT(server.port(), 0);
  write_text(dir_ / "testset.jsonl", "");
  const auto done = run(write_plan(server));
  EXPECT_EQ(done.status, 2) << done.err;
  EXPECT_NE(done.err.find("testset.jsonl: the test set has no items"), std::string::npos) << done.err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}

TEST_F(RealPath, Finding6_ASecondProcessOnTheSameFolderIsRefusedAtOnce) {
  testing::SimServerProcess server(server_flags({"--latency-ms", "20"}));
  ASSERT_GT(server.port(), 0);
  const std::string plan = write_plan(server);
  testing::EvolbenchProcess first({"run", plan, "--out", (dir_ / "out").string(), "--quiet"}, dir_ / "logs");
  // Wait until the first holds the store, then start the second on the same folder.
  testing::wait_until_locked(dir_ / "out" / "store.sqlite");
  EXPECT_TRUE(testing::refused_at_once({"run", plan, "--out", (dir_ / "out").string(), "--quiet"}, dir_ / "logs",
                                       first.pid()));
  const auto done = first.wait();
  ASSERT_EQ(done.status, 0) << done.err;
  const auto results = read_json(dir_ / "out" / "results.json");
  EXPECT_EQ(results["testset"]["items"], kItems);
  for (const auto& pair : results["pairs"]) EXPECT_EQ(pair["n"], kItems);
  EXPECT_EQ(server.stats()["repeated_completions"], 0);
}

TEST_F(RealPath, Finding7_TheBaselineAnchorsTheRatingsAndThePlanSeedReachesTheBootstrap) {
  testing::SimServerProcess server(server_flags());
  ASSERT_GT(server.port(), 0);
  const auto baseline = run(write_plan(server, "judge: {pairs: baseline, baseline: sim-weak}\n"), "a");
  ASSERT_EQ(baseline.status, 0) << baseline.err;
  const auto a = read_json(dir_ / "a" / "results.json");
  EXPECT_EQ(a["ratings_anchor"], "sim-weak");
  for (const auto& rating : a["ratings"]) {
    if (rating["model"] == "sim-weak") {
      EXPECT_DOUBLE_EQ(rating["elo"].get<double>(), 1000.0);
    }
  }

  // Two bootstrap seeds give different intervals; `stats --store` gives the run's own.
  ASSERT_EQ(run(write_plan(server, "stats: {seed: 11, rounds: 200}\n"), "s11").status, 0);
  ASSERT_EQ(run(write_plan(server, "stats: {seed: 12, rounds: 200}\n"), "s12").status, 0);
  const auto s11 = read_json(dir_ / "s11" / "results.json"), s12 = read_json(dir_ / "s12" / "results.json");
  EXPECT_EQ(s11["bootstrap_rounds"], 200);
  bool differ = false;
  for (std::size_t i = 0; i < s11["pairs"].size(); ++i)
    differ = differ || s11["pairs"][i]["bootstrap_ci95"] != s12["pairs"][i]["bootstrap_ci95"];
  EXPECT_TRUE(differ);
  const auto recomputed = run_evolbench({"stats", "--store", (dir_ / "s11").string(), "--json"}, dir_ / "logs");
  ASSERT_EQ(recomputed.status, 0) << recomputed.err;
  const auto again = nlohmann::json::parse(recomputed.out);
  for (std::size_t i = 0; i < s11["pairs"].size(); ++i)
    EXPECT_EQ(again["pairs"][i]["bootstrap_ci95"], s11["pairs"][i]["bootstrap_ci95"]);

  const auto unknown = run(write_plan(server, "judge: {pairs: baseline, baseline: ref}\n"), "b");
  EXPECT_EQ(unknown.status, 2) << unknown.err;
  EXPECT_NE(unknown.err.find("judge.baseline: 'ref' is not one of the plan's models"), std::string::npos)
      << unknown.err;
  EXPECT_FALSE(fs::exists(dir_ / "b"));
}

TEST_F(RealPath, Finding12_OneRandomOrderIsSaidAndPositionConsistencyIsNotMeasured) {
  testing::SimServerProcess server(server_flags());
  ASSERT_GT(server.port(), 0);
  const auto done = run(write_plan(server, "judge: {orders: one-random}\n"));
  ASSERT_EQ(done.status, 0) << done.err;
  EXPECT_EQ(server.stats()["completions"], 3 * kItems + 3 * kItems);  // one game per item and pair
  const auto results = read_json(dir_ / "out" / "results.json");
  EXPECT_EQ(results["judge"]["orders"], "one-random");
  for (const auto& judge : results["judge"]["judges"]) EXPECT_TRUE(judge["position_consistency"].is_null());
  const std::string html = read_text(dir_ / "out" / "index.html");
  EXPECT_EQ(html.find("judged in both orders"), std::string::npos);
  EXPECT_NE(html.find("one order, drawn at random"), std::string::npos);
}

TEST_F(RealPath, Finding8_TheGateRefusesRunsOverDifferentTestSets) {
  testing::SimServerProcess server(server_flags());
  ASSERT_GT(server.port(), 0);
  const std::string plan = write_plan(server);
  ASSERT_EQ(run(plan, "before").status, 0);
  // The candidate's test set: three items dropped, as a user trims a file.
  std::string testset = read_text(dir_ / "testset.jsonl");
  for (int i = 0; i < 3; ++i) testset.erase(0, testset.find('\n') + 1);
  write_text(dir_ / "testset.jsonl", testset);
  ASSERT_EQ(run(plan, "after").status, 0);
  const std::string before = (dir_ / "before" / "results.json").string();
  const std::string after = (dir_ / "after" / "results.json").string();
  const auto refused = run_evolbench({"gate", "--baseline", before, "--candidate", after}, dir_ / "logs");
  EXPECT_EQ(refused.status, 2) << refused.err;
  EXPECT_NE(refused.err.find("the test sets differ"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find(std::to_string(kItems - 3) + " shared"), std::string::npos) << refused.err;
  const auto allowed = run_evolbench(
      {"gate", "--baseline", before, "--candidate", after, "--allow-changed", "testset"}, dir_ / "logs");
  EXPECT_NE(allowed.status, 2) << allowed.err;
  EXPECT_NE(allowed.out.find("allowed by --allow-changed testset"), std::string::npos) << allowed.out;
}

TEST_F(RealPath, Finding11_AStratumTheEvolvedPoolCannotFillIsReported) {
  testing::SimServerProcess server(server_flags());
  ASSERT_GT(server.port(), 0);
  const auto done = run(write_evolution_plan(server, 8, 40));
  ASSERT_EQ(done.status, 0) << done.err;
  EXPECT_NE(done.err.find("the pool could not fill every stratum of the test set: easy: "), std::string::npos)
      << done.err;
  const auto results = read_json(dir_ / "out" / "results.json");
  ASSERT_EQ(results["testset"]["strata"].size(), 3u);  // easy, medium, hard
  int got = 0;
  for (const auto& fill : results["testset"]["strata"]) {
    EXPECT_EQ(fill["asked"], 40);
    EXPECT_LT(fill["got"].get<int>(), 40);
    got += fill["got"].get<int>();
  }
  EXPECT_EQ(got, results["testset"]["items"]);
  EXPECT_NE(read_text(dir_ / "out" / "summary.md").find("could not fill every stratum"), std::string::npos);
}

TEST_F(RealPath, Finding10_TotalsCoverEveryInvocationOfAKilledAndResumedRun) {
  testing::SimServerProcess server(server_flags({"--latency-ms", "30"}));
  ASSERT_GT(server.port(), 0);
  const std::string plan = write_plan(server);
  // Prices on every endpoint, so the run costs something.
  const std::string priced = "prices: {prompt: 1000, completion: 2000}, max_attempts: 4";
  std::string text = read_text(plan);
  for (std::size_t at = text.find("max_attempts: 4"); at != std::string::npos;
       at = text.find("max_attempts: 4", at + priced.size()))
    text.replace(at, std::string("max_attempts: 4").size(), priced);
  write_text(plan, text);
  {
    testing::EvolbenchProcess killed({"run", plan, "--out", (dir_ / "out").string(), "--quiet"}, dir_ / "logs");
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (server.stats()["completions"].get<int>() < 40 && std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    killed.kill9();
  }
  // The server finishes what the killed run left in flight (30 ms each on average)
  // before the user runs again; a rerun sent while the same request is still being
  // served would be a second completion, which a server keeping idempotency keys only
  // for finished requests cannot replay.
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const auto before = server.stats()["completions"].get<int>();
  ASSERT_GT(before, 0);
  const auto done = run(plan);
  ASSERT_EQ(done.status, 0) << done.err;
  const auto results = read_json(dir_ / "out" / "results.json");
  const auto stats = server.stats();
  EXPECT_EQ(stats["repeated_completions"], 0);  // no paid call made twice
  // This invocation made what the first left; the total counts both.
  EXPECT_LT(results["run"]["calls"]["made"].get<int>(), stats["completions"].get<int>());
  EXPECT_EQ(results["run"]["total"]["calls"], stats["completions"]);
  EXPECT_EQ(results["run"]["total"]["calls"], 3 * kItems + 3 * kItems * 2);
  EXPECT_GT(results["run"]["total"]["cost_usd"].get<double>(), results["run"]["cost_usd"].get<double>());
}

}  // namespace
}  // namespace evolbench
