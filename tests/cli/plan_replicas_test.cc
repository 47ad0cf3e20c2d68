// Plan files naming several base URLs for one model (replicas) and their set-aside policy.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "run/plan.h"

namespace evolbench {
namespace {

class PlanReplicas : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("evolbench-plan-replicas-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "testset.jsonl") << "{\"id\": \"q1\", \"instruction\": \"Why?\"}\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Result<Plan> load(const std::string& endpoint) const {
    std::ofstream(dir_ / "plan.yaml") << "models:\n"
                                         "  - {name: a, quality: 0}\n"
                                         "  - name: served\n"
                                         "    endpoint: " << endpoint << "\n"
                                         "testset: {path: testset.jsonl}\n";
    return load_plan((dir_ / "plan.yaml").string());
  }

  std::filesystem::path dir_;
};

TEST_F(PlanReplicas, ABaseUrlListNamesTheReplicas) {
  auto plan = load("{kind: openai, base_url: [\"http://h1/v1\", \"http://h2/v1\", \"http://h3/v1\"], "
                   "failures_to_set_aside: 4, set_aside_s: 2.5}");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  const EndpointConfig& config = plan->endpoints.at("served");
  EXPECT_EQ(config.base_url, "http://h1/v1");
  EXPECT_EQ(config.replica_base_urls, (std::vector<std::string>{"http://h2/v1", "http://h3/v1"}));
  EXPECT_EQ(config.limits.failures_to_set_aside, 4);
  EXPECT_EQ(config.limits.set_aside_for, std::chrono::milliseconds(2500));
}

TEST_F(PlanReplicas, ASingleBaseUrlHasNoReplicas) {
  auto plan = load("{kind: openai, base_url: \"http://h1/v1\"}");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_TRUE(plan->endpoints.at("served").replica_base_urls.empty());
}

TEST_F(PlanReplicas, BadReplicaFieldsAreNamed) {
  auto empty = load("{kind: openai, base_url: []}");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("base_url': expected at least one URL"), std::string::npos)
      << empty.error().message;
  auto zero = load("{kind: openai, base_url: \"http://h1/v1\", failures_to_set_aside: 0}");
  ASSERT_FALSE(zero.ok());
  EXPECT_NE(zero.error().message.find("failures_to_set_aside': expected a whole number from 1 to 1000"),
            std::string::npos)
      << zero.error().message;
}

}  // namespace
}  // namespace evolbench

namespace evolbench {
namespace {

class PlanSampling : public PlanReplicas {
 protected:
  Result<Plan> load_sampling(const std::string& sampling) const {
    std::ofstream(dir_ / "plan.yaml") << "models:\n"
                                         "  - {name: a, quality: 0}\n"
                                         "  - name: greedy\n"
                                         "    sampling: " << sampling << "\n"
                                         "    quality: 0\n"
                                         "testset: {path: testset.jsonl}\n";
    return load_plan((dir_ / "plan.yaml").string());
  }
};

TEST_F(PlanSampling, AModelsSamplingIsReadForItsAnswersOnly) {
  auto plan = load_sampling("{temperature: 0, max_tokens: 300, top_p: 0.9, seed: 4, stop: \"###\"}");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->answer_sampling.count("a"), 0u);
  const SamplingParams& greedy = plan->answer_sampling.at("greedy");
  EXPECT_EQ(greedy.temperature, 0.0);
  EXPECT_EQ(greedy.max_tokens, 300);
  EXPECT_EQ(greedy.top_p, 0.9);
  EXPECT_EQ(greedy.seed, 4);
  EXPECT_EQ(greedy.stop, std::vector<std::string>{"###"});
}

TEST_F(PlanSampling, BadSamplingFieldsAreNamed) {
  for (const auto& [sampling, named] : std::vector<std::pair<std::string, std::string>>{
           {"{temprature: 0}", "models[1].sampling.temprature"},
           {"{top_p: 1.5}", "models[1].sampling.top_p"},
           {"{max_tokens: 0}", "models[1].sampling.max_tokens"},
           {"{stop: {a: b}}", "models[1].sampling.stop"}}) {
    auto plan = load_sampling(sampling);
    ASSERT_FALSE(plan.ok()) << sampling;
    EXPECT_NE(plan.error().message.find(named), std::string::npos) << plan.error().message;
    EXPECT_NE(plan.error().message.find("plan.yaml:4"), std::string::npos) << plan.error().message;
  }
}

}  // namespace
}  // namespace evolbench
