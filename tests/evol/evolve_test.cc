#include "evol/evolve.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "evol/testset.h"
#include "llm/cached_model.h"
#include "sim/sim.h"
#include "core/jsonl.h"
#include "judge/judge_file.h"
#include "support/test_models.h"
#include <sys/wait.h>
#include <unistd.h>

namespace evolbench {
namespace {

const std::string kTemplates = std::string(EVOLBENCH_SOURCE_DIR) + "/templates/evol";

TEST(Templates, ShippedTemplatesLoad) {
  auto templates = load_evol_templates(kTemplates);
  ASSERT_TRUE(templates.ok()) << templates.error().message;
  for (const char* operation : {"add-constraints", "deepen", "concretize", "increase-reasoning",
                                "complicate-input", "breadth"})
    EXPECT_TRUE(templates->operations.count(operation)) << operation;
  for (const char* format : {"code", "table", "json", "xml", "sql", "formula"})
    EXPECT_TRUE(templates->input_formats.count(format)) << format;
}

TEST(Templates, MissingFolderIsAnInputError) {
  auto templates = load_evol_templates("/nonexistent/evolbench/templates");
  ASSERT_FALSE(templates.ok());
  EXPECT_EQ(templates.error().kind, Error::Kind::kInput);
}

TEST(Operations, ChoiceIsSeededAndFollowsWeights) {
  auto templates = load_evol_templates(kTemplates);
  ASSERT_TRUE(templates.ok());
  const std::map<std::string, double> only_deepen = {{"deepen", 1.0}};
  std::map<std::string, int> counts;
  for (int i = 0; i < 600; ++i) {
    const auto prompt = choose_evolution(*templates, {}, 3, "m" + std::to_string(i), 1, "Explain tides.");
    EXPECT_EQ(prompt.operation, choose_evolution(*templates, {}, 3, "m" + std::to_string(i), 1, "Explain tides.").operation);
    ++counts[prompt.operation.substr(0, prompt.operation.find('/'))];
    EXPECT_EQ(choose_evolution(*templates, only_deepen, 3, "m" + std::to_string(i), 1, "x").operation, "deepen");
  }
  EXPECT_EQ(counts.size(), 6u);
  for (const auto& [operation, count] : counts) EXPECT_NEAR(count, 100, 40) << operation;
}

TEST(Operations, ComplicateInputNamesItsFormatAndFillsTheExample) {
  auto templates = load_evol_templates(kTemplates);
  ASSERT_TRUE(templates.ok());
  for (int i = 0; i < 200; ++i) {
    const auto prompt = choose_evolution(*templates, {{kComplicateInput, 1.0}}, 1, "m" + std::to_string(i), 2, "Sum it.");
    const auto format = prompt.operation.substr(prompt.operation.find('/') + 1);
    ASSERT_TRUE(templates->input_formats.count(format)) << prompt.operation;
    EXPECT_NE(prompt.prompt.find(templates->input_formats.at(format)), std::string::npos);
    EXPECT_EQ(prompt.prompt.find("{format"), std::string::npos);
  }
}

TEST(Operations, BadWeightsAreInputErrors) {
  auto templates = load_evol_templates(kTemplates);
  ASSERT_TRUE(templates.ok());
  EXPECT_FALSE(check_operation_weights(*templates, {{"deepn", 1.0}}).ok());
  EXPECT_FALSE(check_operation_weights(*templates, {{"deepen", 0.0}}).ok());
  EXPECT_TRUE(check_operation_weights(*templates, {{"deepen", 2.0}, {"breadth", 0.0}}).ok());
}

class EvolveRun : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("evolbench-evolve-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".sqlite"))
                .string();
    remove_store();
    world_.seed = 11;
    world_.evolver_failure_rate = 0.3;
    world_.teacher_refusal_rate = 0.1;
    for (int i = 0; i < 12; ++i)
      seeds_.push_back({"s" + std::to_string(i), "Explain topic number " + std::to_string(i) + " to a student.",
                        0, "science", std::nullopt});
    auto templates = load_evol_templates(kTemplates);
    ASSERT_TRUE(templates.ok());
    templates_ = *templates;
    auto grader = load_judge(std::string(EVOLBENCH_SOURCE_DIR) + "/judges/difficulty.yaml");
    ASSERT_TRUE(grader.ok());
    grader_ = *grader;
    options_.rounds = 3;
    options_.evolver_model = kSimEvolver;
    options_.answer_model = kSimTeacher;
    options_.grader = &grader_;
    options_.seed = 5;
  }
  void TearDown() override { remove_store(); }
  void remove_store() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }

  std::vector<Evolution> run(ChatModel& endpoint) {
    auto store = RunStore::open(path_);
    EXPECT_TRUE(store.ok());
    CachedModel model(endpoint, *store);
    auto summary = evolve(seeds_, templates_, options_, model, *store, nullptr);
    EXPECT_TRUE(summary.ok()) << summary.error().message;
    last_calls_made_ = model.counts().made;
    return *store->evolutions();
  }

  std::string path_;
  SimWorld world_;
  std::vector<Item> seeds_;
  EvolTemplates templates_;
  JudgeSpec grader_;
  EvolveOptions options_;
  std::int64_t last_calls_made_ = 0;
};

std::map<std::string, int> rule_counts(const std::vector<Evolution>& pool) {
  std::map<std::string, int> counts;
  for (const auto& member : pool)
    if (member.status == EvolutionStatus::kEliminated) ++counts[member.elimination_rule];
  return counts;
}

TEST_F(EvolveRun, EveryEvolutionKeepsItsLineage) {
  SimBackend sim(world_);
  const auto pool = run(sim);
  std::map<std::string, const Evolution*> by_id;
  for (const auto& member : pool) by_id[member.id] = &member;
  EXPECT_EQ(pool.size(), seeds_.size() * 4);  // seeds plus one evolution per family per round
  for (const auto& member : pool) {
    if (member.round == 0) {
      EXPECT_EQ(member.root_id, member.id);
      continue;
    }
    ASSERT_TRUE(by_id.count(member.parent_id)) << member.id;
    const Evolution& parent = *by_id[member.parent_id];
    EXPECT_EQ(parent.status, EvolutionStatus::kKept);  // only kept members evolve
    EXPECT_LT(parent.round, member.round);
    EXPECT_EQ(member.root_id, parent.root_id);
    EXPECT_EQ(member.skill, "science");
    if (member.status == EvolutionStatus::kKept) {
      EXPECT_FALSE(member.answer.empty());
      EXPECT_GE(member.difficulty, 1);
    } else {
      EXPECT_FALSE(member.elimination_rule.empty());
    }
  }
  // This world fails 30% of rewrites (marker copies and unchanged text) and refuses 10%.
  const auto rules = rule_counts(pool);
  EXPECT_GT(rules.count(rule::kCopiesTemplate) + rules.count(rule::kDuplicate), 0u);
  EXPECT_GT(rules.count(rule::kSorryShortAnswer), 0u);
}

TEST_F(EvolveRun, FailedEvolutionLeavesItsParentToEvolveNextRound) {
  SimBackend sim(world_);
  const auto pool = run(sim);
  int checked = 0;
  for (const auto& failed : pool) {
    if (failed.status != EvolutionStatus::kEliminated || failed.round == 3) continue;
    for (const auto& next : pool)
      if (next.root_id == failed.root_id && next.round == failed.round + 1) {
        EXPECT_EQ(next.parent_id, failed.parent_id);
        ++checked;
      }
  }
  EXPECT_GT(checked, 0);
}

TEST_F(EvolveRun, RerunMakesNoCallsAndGivesTheSamePool) {
  SimBackend sim(world_);
  const auto first = run(sim);
  EXPECT_GT(last_calls_made_, 0);
  const auto second = run(sim);
  EXPECT_EQ(last_calls_made_, 0);
  ASSERT_EQ(first.size(), second.size());
  for (std::size_t i = 0; i < first.size(); ++i) EXPECT_EQ(to_jsonl_line(first[i]), to_jsonl_line(second[i]));
}

TEST_F(EvolveRun, ReplyOrderDoesNotChangeThePool) {
  SimBackend sim(world_);
  const auto in_order = run(sim);
  remove_store();
  testing::ReversingModel reversed(sim);
  const auto reversed_pool = run(reversed);
  ASSERT_EQ(in_order.size(), reversed_pool.size());
  for (std::size_t i = 0; i < in_order.size(); ++i)
    EXPECT_EQ(to_jsonl_line(in_order[i]), to_jsonl_line(reversed_pool[i]));
}

TEST_F(EvolveRun, KilledMidRoundResumesWithoutRepeatedCallsToTheSamePool) {
  SimBackend sim(world_);
  const auto reference = run(sim);
  const std::int64_t all_calls = last_calls_made_;
  remove_store();

  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    testing::DyingModel dying(sim, static_cast<int>(all_calls / 2));
    auto store = RunStore::open(path_);
    CachedModel model(dying, *store);
    (void)evolve(seeds_, templates_, options_, model, *store, nullptr);
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the evolution did not crash";

  std::int64_t stored_calls = 0;
  {
    auto store = RunStore::open(path_);
    ASSERT_TRUE(store.ok());
    stored_calls = *store->count_calls();
  }
  EXPECT_EQ(stored_calls, all_calls / 2 - 1);
  testing::CountingModel counting(sim);
  const auto resumed = run(counting);
  EXPECT_EQ(counting.calls, all_calls - stored_calls);  // nothing asked twice
  ASSERT_EQ(resumed.size(), reference.size());
  for (std::size_t i = 0; i < resumed.size(); ++i) EXPECT_EQ(to_jsonl_line(resumed[i]), to_jsonl_line(reference[i]));
}

// An evolver that adds one word to even seeds ("s0", "s2", ...) and a whole new
// requirement to odd ones; every other model is the sim's.
class OneWordEvolver : public ChatModel {
 public:
  explicit OneWordEvolver(ChatModel& sim) : sim_(sim) {}
  std::string endpoint_kind() const override { return "one-word:" + sim_.endpoint_kind(); }
  void complete_batch(std::span<const CompletionRequest> requests, const CompletionCallback& done) override {
    for (std::size_t i = 0; i < requests.size(); ++i) {
      if (requests[i].model != kSimEvolver) {
        done(i, sim_.complete(requests[i]));
        continue;
      }
      const std::string& prompt = requests[i].messages.back().content;
      const auto open = prompt.find("<instruction>\n") + 14;
      const std::string instruction = prompt.substr(open, prompt.find("\n</instruction>") - open);
      const char last_digit = instruction[instruction.find("number ") + 7];
      const bool even = (last_digit - '0') % 2 == 0;
      done(i, Completion{instruction + (even ? " Please." : " Also compare three historical approaches in a table."),
                         1, 1, 0.0, false});
    }
  }

 private:
  ChatModel& sim_;
};

TEST_F(EvolveRun, NoInformationGainFiresOnlyWhereTheEqualityJudgeSaysEqual) {
  auto equality = load_judge(std::string(EVOLBENCH_SOURCE_DIR) + "/judges/evol-equality.yaml");
  ASSERT_TRUE(equality.ok()) << equality.error().message;
  options_.equality_judge = &*equality;
  options_.rounds = 1;
  options_.elimination.near_duplicate_threshold = 0;  // let the equality check see every rewrite
  world_.teacher_refusal_rate = 0;
  seeds_.resize(10);  // "number 0" .. "number 9"
  SimBackend sim(world_);
  OneWordEvolver evolver(sim);
  const auto pool = run(evolver);
  int fired = 0, kept = 0;
  for (const auto& member : pool) {
    if (member.round != 1) continue;
    const char digit = member.instruction[member.instruction.find("number ") + 7];
    if ((digit - '0') % 2 == 0) {
      EXPECT_EQ(member.elimination_rule, rule::kNoInformationGain) << member.instruction;
      ++fired;
    } else {
      EXPECT_EQ(member.status, EvolutionStatus::kKept) << member.instruction;
      ++kept;
    }
  }
  EXPECT_EQ(fired, 5);
  EXPECT_EQ(kept, 5);
}

// Counts the equality judge's retries: requests whose prompt ends with its reminder.
class ReminderCounter : public ChatModel {
 public:
  ReminderCounter(ChatModel& inner, std::string reminder) : inner_(inner), reminder_(std::move(reminder)) {}
  std::string endpoint_kind() const override { return inner_.endpoint_kind(); }
  void complete_batch(std::span<const CompletionRequest> requests, const CompletionCallback& done) override {
    for (const auto& request : requests)
      retries += request.messages.back().content.find(reminder_) != std::string::npos;
    inner_.complete_batch(requests, done);
  }
  int retries = 0;

 private:
  ChatModel& inner_;
  std::string reminder_;
};

// The reshaping issue: evolution asks its judge files as the judge stage does, so the
// shipped equality judge's parse_retries and reminder take effect.
TEST_F(EvolveRun, TheEqualityJudgesParseRetriesAreHonoured) {
  auto equality = load_judge(std::string(EVOLBENCH_SOURCE_DIR) + "/judges/evol-equality.yaml");
  ASSERT_TRUE(equality.ok()) << equality.error().message;
  ASSERT_EQ(equality->parse_retries, 1);
  options_.equality_judge = &*equality;
  options_.rounds = 1;
  world_.judge.unparsable_rate = 0.5;
  SimBackend sim(world_);
  const std::string reminder = equality->reminder.substr(0, 30);
  ReminderCounter counter(sim, reminder);
  auto store = RunStore::open(path_);
  ASSERT_TRUE(store.ok());
  CachedModel model(counter, *store);
  auto summary = evolve(seeds_, templates_, options_, model, *store, nullptr);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_GT(counter.retries, 0);
  // Each unread verdict was asked once more; about half of those were read.
  EXPECT_LT(summary->unparsed_equality, static_cast<std::size_t>(counter.retries));
}

Evolution scored(const std::string& id, int difficulty, EvolutionStatus status = EvolutionStatus::kKept) {
  return {id, "", id, 0, "seed", "text " + id, "", status, "", difficulty, ""};
}

TEST(Testset, DrawsUpToNPerBucketFromKeptScoredMembers) {
  std::vector<Evolution> pool;
  for (int i = 0; i < 10; ++i) pool.push_back(scored("e" + std::to_string(i), 1 + i % 4));   // easy
  for (int i = 0; i < 2; ++i) pool.push_back(scored("m" + std::to_string(i), 6));            // medium
  for (int i = 0; i < 5; ++i) pool.push_back(scored("h" + std::to_string(i), 9));            // hard
  pool.push_back(scored("x", 9, EvolutionStatus::kEliminated));
  pool.push_back(scored("u", 0));
  TestsetOptions options;
  options.per_bucket = 3;
  const auto items = build_stratified_testset(pool, options).items;
  std::map<std::string, int> per_bucket;
  for (const auto& item : items) {
    ++per_bucket[difficulty_bucket(item.difficulty)];
    EXPECT_NE(item.id, "x");
    EXPECT_NE(item.id, "u");
  }
  EXPECT_EQ(per_bucket["easy"], 3);
  EXPECT_EQ(per_bucket["medium"], 2);  // all it has
  EXPECT_EQ(per_bucket["hard"], 3);
  for (std::size_t i = 1; i < items.size(); ++i) EXPECT_LE(items[i - 1].difficulty, items[i].difficulty);
}

TEST(Testset, SameSeedSameItems) {
  std::vector<Evolution> pool;
  for (int i = 0; i < 30; ++i) pool.push_back(scored("p" + std::to_string(i), 1 + i % 10));
  TestsetOptions options;
  options.per_bucket = 4;
  options.seed = 9;
  const auto a = build_stratified_testset(pool, options).items;
  const auto b = build_stratified_testset(pool, options).items;
  options.seed = 10;
  const auto c = build_stratified_testset(pool, options).items;
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].id, b[i].id);
  bool differs = false;
  for (std::size_t i = 0; i < a.size(); ++i) differs = differs || a[i].id != c[i].id;
  EXPECT_TRUE(differs);
}

TEST(BadInputFinding11, StratumThatCannotBeFilledIsCountedAskedVersusGot) {
  std::vector<Evolution> pool;
  for (int i = 0; i < 20; ++i) pool.push_back(scored("e" + std::to_string(i), 2));  // easy
  for (int i = 0; i < 4; ++i) pool.push_back(scored("h" + std::to_string(i), 9));   // hard
  TestsetOptions options;
  options.per_bucket = 15;
  const auto testset = build_stratified_testset(pool, options);
  ASSERT_EQ(testset.counts.size(), 3u);
  const auto count = [&](std::size_t i) {
    const StratumCount& c = testset.counts[i];
    return c.stratum + " " + std::to_string(c.got) + "/" + std::to_string(c.asked);
  };
  EXPECT_EQ(count(0), "easy 15/15");
  EXPECT_EQ(count(1), "medium 0/15");  // an empty stratum is listed, not left out
  EXPECT_EQ(count(2), "hard 4/15");
}

}  // namespace
}  // namespace evolbench
