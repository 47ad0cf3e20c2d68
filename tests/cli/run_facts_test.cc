// The run's facts in the store: one typed value each stage updates, read back equal;
// stores written before it are read from the meta values they kept one by one.
#include "run/run_facts.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace evolbench {
namespace {

namespace fs = std::filesystem;

class RunFactsStore : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("evolbench-run-facts-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    auto opened = RunStore::open((dir_ / "store.sqlite").string());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_.emplace(std::move(opened).value());
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  fs::path dir_;
  std::optional<RunStore> store_;
};

RunSummary summary() {
  RunSummary run;
  run.calls_made = 12;
  run.calls_cached = 30;
  run.calls_failed = 1;
  run.prompt_tokens = 4000;
  run.completion_tokens = 900;
  run.cost_usd = 0.0125;
  run.seconds = 3.5;
  run.finished_at = "2026-12-03T10:00:00Z";
  run.backend = "sim:abc+openai";
  run.simulated_models = std::vector<std::string>{"sim-weak"};
  run.endpoints = {{"judge", "gpt-judge", "openai", "127.0.0.1:8080", "gpt-4o"}};
  run.total = CallTotals{50, 9000, 2000, 0.03};
  return run;
}

TEST_F(RunFactsStore, EachStagesUpdateIsReadBackAsWritten) {
  auto empty = read_run_facts(*store_);
  ASSERT_TRUE(empty.ok()) << empty.error().message;
  EXPECT_TRUE(empty->models.empty());
  EXPECT_FALSE(empty->judge.has_value());
  EXPECT_FALSE(empty->summary.has_value());

  ASSERT_TRUE(update_run_facts(*store_, [](RunFacts& facts) {
                facts.testset_strata = {{"easy", 20, 20}, {"hard", 20, 17}};
              }).ok());
  ASSERT_TRUE(update_run_facts(*store_, [](RunFacts& facts) {
                facts.models = {"b-model", "a-model"};
                facts.judge = JudgeFacts{"pairwise@123", {"j1", "j2"}, "/data/human.jsonl", kPreferenceLogprobs,
                                         kOrdersOneRandom, false};
                facts.statistics = StatisticsOptions{200, 18446744073709551615ull, "a-model"};
              }).ok());
  ASSERT_TRUE(update_run_facts(*store_, [](RunFacts& facts) { facts.summary = summary(); }).ok());

  auto facts = read_run_facts(*store_);
  ASSERT_TRUE(facts.ok()) << facts.error().message;
  EXPECT_EQ(facts->models, (std::vector<std::string>{"b-model", "a-model"}));  // plan order kept
  ASSERT_TRUE(facts->judge.has_value());
  EXPECT_EQ(facts->judge->label, "pairwise@123");
  EXPECT_EQ(facts->judge->models, (std::vector<std::string>{"j1", "j2"}));
  EXPECT_EQ(facts->judge->human_labels, "/data/human.jsonl");
  EXPECT_EQ(facts->judge->preference, kPreferenceLogprobs);
  EXPECT_EQ(facts->judge->orders, kOrdersOneRandom);
  EXPECT_FALSE(facts->judge->positions_recorded);
  ASSERT_TRUE(facts->statistics.has_value());
  EXPECT_EQ(facts->statistics->rounds, 200);
  EXPECT_EQ(facts->statistics->seed, 18446744073709551615ull);  // all 64 bits
  EXPECT_EQ(facts->statistics->anchor, "a-model");
  EXPECT_EQ(facts->testset_strata, (std::vector<StratumFill>{{"easy", 20, 20}, {"hard", 20, 17}}));
  ASSERT_TRUE(facts->summary.has_value());
  EXPECT_EQ(*facts->summary, summary());
}

// The meta values as the store kept them before run.facts.
TEST_F(RunFactsStore, AStoreFromBeforeTheFactsIsReadFromItsMetaValues) {
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"models", "b-model\na-model"},
           {"judge", "pairwise@123"},
           {"judge.models", "j1\nj2"},
           {"judge.human_labels", ""},
           {"judge.preference", "verdict"},
           {"judge.orders", "one-random"},
           {"stats.rounds", "200"},
           {"stats.seed", "9"},
           {"stats.anchor", ""},
           {"testset.strata", R"([{"stratum":"easy","asked":20,"got":19}])"},
           {"run.backend", "sim:abc+openai"},
           {"run.finished_at", "2026-12-03T10:00:00Z"},
           {"run.seconds", "3.500000"},
           {"run.calls_made", "12"},
           {"run.calls_cached", "30"},
           {"run.calls_failed", "1"},
           {"run.prompt_tokens", "4000"},
           {"run.completion_tokens", "900"},
           {"run.cost_usd", "0.012500"},
           {"run.simulated_models", "sim-weak"},
           {"run.endpoints", R"([{"role":"judge","name":"gpt-judge","kind":"openai","host":"127.0.0.1:8080","model":"gpt-4o"}])"},
           {"run.total", R"({"calls":50,"prompt_tokens":9000,"completion_tokens":2000,"cost_usd":0.03})"}})
    ASSERT_TRUE(store_->put_meta(name, value).ok());
  auto facts = read_run_facts(*store_);
  ASSERT_TRUE(facts.ok()) << facts.error().message;
  EXPECT_EQ(facts->models, (std::vector<std::string>{"b-model", "a-model"}));
  ASSERT_TRUE(facts->judge.has_value());
  EXPECT_EQ(facts->judge->models, (std::vector<std::string>{"j1", "j2"}));
  EXPECT_EQ(facts->judge->orders, kOrdersOneRandom);
  EXPECT_TRUE(facts->judge->positions_recorded);  // a run's own judge always records them
  ASSERT_TRUE(facts->statistics.has_value());
  EXPECT_EQ(facts->statistics->rounds, 200);
  EXPECT_EQ(facts->statistics->seed, 9u);
  EXPECT_EQ(facts->testset_strata, (std::vector<StratumFill>{{"easy", 20, 19}}));
  ASSERT_TRUE(facts->summary.has_value());
  EXPECT_EQ(*facts->summary, summary());

  // The first update writes the facts whole, old values included.
  ASSERT_TRUE(update_run_facts(*store_, [](RunFacts& f) { f.testset_strata.clear(); }).ok());
  auto updated = read_run_facts(*store_);
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_TRUE(updated->testset_strata.empty());
  EXPECT_EQ(*updated->summary, summary());
}

TEST_F(RunFactsStore, DamagedFactsNameTheStoreAndTheField) {
  ASSERT_TRUE(store_->put_meta("run.facts", R"({"models":["a"],"judge":{"label":"x"},"testset_strata":[]})").ok());
  auto facts = read_run_facts(*store_);
  ASSERT_FALSE(facts.ok());
  EXPECT_NE(facts.error().message.find("store.sqlite"), std::string::npos) << facts.error().message;
  EXPECT_NE(facts.error().message.find("run.facts"), std::string::npos) << facts.error().message;
  EXPECT_NE(facts.error().message.find("judge.models"), std::string::npos) << facts.error().message;
}

}  // namespace
}  // namespace evolbench
