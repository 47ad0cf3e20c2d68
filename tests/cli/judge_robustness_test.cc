// The run as a whole: failures are not results (a rerun judges what a failing run left),
// and a judge asking for soft preferences changes the win rates and says so.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "run/demo.h"
#include "run/pipeline.h"
#include "report/results_json.h"

namespace evolbench {
namespace {

std::string fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("evolbench-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir.string();
}

TEST(RunFailures, ARunWithUnreadVerdictsThenACleanRerunJudgesEveryItem) {
  const std::string out = fresh_dir("failures");
  auto demo = demo_plan(7);
  ASSERT_TRUE(demo.ok()) << demo.error().message;
  Plan& plan = *demo;
  plan.sim.judge.unparsable_rate = 0.5;
  RunOptions options;
  options.out_dir = out;
  options.progress = nullptr;
  auto first = run_plan(plan, options);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_GT(first->run.calls_failed, 0);
  ASSERT_FALSE(first->failures.empty());
  EXPECT_EQ(first->failures.front().stage, "judge");
  int first_judged = 0;
  for (const auto& pair : first->pairs) first_judged += pair.overall.tally.n();
  const int expected = first->items * 6;  // 3 pairs, both directions
  EXPECT_LT(first_judged, expected);
  auto written = read_results(out + "/results.json");
  ASSERT_TRUE(written.ok()) << written.error().message;
  EXPECT_EQ(written->failures.size(), first->failures.size());  // the report shows them

  plan.sim.judge.unparsable_rate = 0.0;
  auto second = run_plan(plan, options);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->run.calls_failed, 0);
  EXPECT_TRUE(second->failures.empty());
  int second_judged = 0;
  for (const auto& pair : second->pairs) {
    second_judged += pair.overall.tally.n();
    EXPECT_EQ(pair.unparsed, 0);
  }
  EXPECT_EQ(second_judged, expected);
  std::filesystem::remove_all(out);
}

TEST(SoftPreferenceRun, WinRatesUseTheSoftPreferenceAndSaySo) {
  const std::string out = fresh_dir("soft");
  auto demo = demo_plan(7);
  ASSERT_TRUE(demo.ok()) << demo.error().message;
  Plan& plan = *demo;
  plan.judge_path = std::string(EVOLBENCH_SOURCE_DIR) + "/judges/pairwise-soft.yaml";
  RunOptions options;
  options.out_dir = out;
  options.progress = nullptr;
  auto results = run_plan(plan, options);
  ASSERT_TRUE(results.ok()) << results.error().message;
  EXPECT_EQ(results->preference, "logprobs");
  double largest_gap = 0.0;
  for (const auto& pair : results->pairs) {
    ASSERT_TRUE(pair.soft_win_rate) << pair.model << " vs " << pair.opponent;
    // The same judge's probabilities favour the same model as its verdicts, but they
    // are another figure: order-inconsistent verdicts are ties, probabilities average.
    const double hard = pair.overall.tally.win_rate();
    EXPECT_EQ(*pair.soft_win_rate > 0.5, hard > 0.5) << pair.model << " vs " << pair.opponent;
    largest_gap = std::max(largest_gap, std::abs(*pair.soft_win_rate - hard));
    EXPECT_LE(pair.soft_ci95.low, *pair.soft_win_rate);
    EXPECT_GE(pair.soft_ci95.high, *pair.soft_win_rate);
  }
  EXPECT_GT(largest_gap, 0.02);
  // The leaderboard ranks by the soft rates.
  for (const auto& row : results->leaderboard) {
    double sum = 0.0;
    int opponents = 0;
    for (const auto& pair : results->pairs)
      if (pair.model == row.model) {
        sum += *pair.soft_win_rate;
        ++opponents;
      }
    EXPECT_NEAR(row.mean_win_rate, sum / opponents, 1e-12);
  }
  auto written = read_results(out + "/results.json");
  ASSERT_TRUE(written.ok());
  EXPECT_EQ(written->preference, "logprobs");
  std::ifstream html(out + "/index.html");
  const std::string page((std::istreambuf_iterator<char>(html)), std::istreambuf_iterator<char>());
  EXPECT_NE(page.find("soft preference: the probability of each verdict token"), std::string::npos);
  std::filesystem::remove_all(out);
}

}  // namespace
}  // namespace evolbench
