// Style control on simulated runs, where the truth is known: two models of equal quality,
// one formatting half its answers with markdown, judged with and without a style bias.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "run/demo.h"
#include "run/pipeline.h"

namespace evolbench {
namespace {

const Rating& rating_named(const std::vector<Rating>& ratings, const std::string& model) {
  for (const auto& rating : ratings)
    if (rating.model == model) return rating;
  throw std::out_of_range(model);
}

// The shipped test set (305 items, no evolution), the pair judged in both orders.
Result<Results> equal_models_run(double style_bias, const std::string& name) {
  auto demo = demo_plan(3);
  EVB_TRY(demo);
  Plan plan = std::move(demo).value();
  plan.testset_path = std::string(EVOLBENCH_SOURCE_DIR) + "/testsets/evolbench-test.jsonl";
  plan.sim.answer_models = {
      {.name = "sim-plain", .quality = 0.3, .difficulty_slope = 0.0, .verbosity = 1.0, .later_turn_quality = 0.0,
       .markdown = 0.0},
      {.name = "sim-markdown", .quality = 0.3, .difficulty_slope = 0.0, .verbosity = 1.0, .later_turn_quality = 0.0,
       .markdown = 0.5}};
  plan.sim.judge.length_bias = 0.0;
  plan.sim.judge.style_bias = style_bias;
  plan.statistics.rounds = 300;
  const auto out = std::filesystem::temp_directory_path() / ("evolbench-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(out);
  RunOptions options;
  options.out_dir = out.string();
  options.progress = nullptr;
  auto results = run_plan(plan, options);
  std::filesystem::remove_all(out);
  return results;
}

TEST(StyleControlRun, AStyleBiasedJudgeSeparatesEqualModelsThatStyleControlHoldsEqual) {
  auto results = equal_models_run(1.0, "style-biased");
  ASSERT_TRUE(results.ok()) << results.error().message;
  ASSERT_EQ(results->ratings_anchor, "sim-plain");
  const Rating& raw = rating_named(results->ratings, "sim-markdown");
  EXPECT_GT(raw.ci95.low, 1000.0) << "the raw rating pays for markdown";
  ASSERT_TRUE(results->style_control);
  const Rating& controlled = rating_named(results->style_control->ratings, "sim-markdown");
  EXPECT_LE(controlled.ci95.low, 1000.0);
  EXPECT_GE(controlled.ci95.high, 1000.0);
  ASSERT_EQ(results->style_control->coefficients.size(), 2u);
  const Coefficient& markdown = results->style_control->coefficients[1];
  EXPECT_EQ(markdown.name, "markdown_density");
  EXPECT_GT(markdown.ci95.low, 0.0) << markdown.value;
}

TEST(StyleControlRun, WithoutStyleBiasBothLeaderboardsAgreeWithinTheirIntervals) {
  auto results = equal_models_run(0.0, "style-unbiased");
  ASSERT_TRUE(results.ok()) << results.error().message;
  ASSERT_TRUE(results->style_control);
  for (const auto& raw : results->ratings) {
    const Rating& controlled = rating_named(results->style_control->ratings, raw.model);
    EXPECT_GE(controlled.elo, raw.ci95.low) << raw.model;
    EXPECT_LE(controlled.elo, raw.ci95.high) << raw.model;
    EXPECT_GE(raw.elo, controlled.ci95.low) << raw.model;
    EXPECT_LE(raw.elo, controlled.ci95.high) << raw.model;
  }
  // The markdown coefficient's interval holds 0: the judge does not pay for style.
  const Coefficient& markdown = results->style_control->coefficients[1];
  EXPECT_LE(markdown.ci95.low, 0.0);
  EXPECT_GE(markdown.ci95.high, 0.0);
}

}  // namespace
}  // namespace evolbench
