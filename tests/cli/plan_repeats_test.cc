// A plan's judge repeats and the simulated judges' flip rates, as the judge stage and
// the simulator take them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "run/plan.h"

namespace evolbench {
namespace {

TEST(PlanRepeats, JudgeRepeatsAndSimFlipRatesAreRead) {
  const auto dir = std::filesystem::temp_directory_path() / ("evolbench-plan-repeats-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "testset.jsonl") << "{\"id\": \"q1\", \"instruction\": \"Why?\"}\n";
  std::ofstream(dir / "plan.yaml") << "sim:\n  judge: {flip_rate: 0.2}\n  judges: [{name: j2, flip_rate: 0.05}]\n"
                                      "models:\n  - {name: a, quality: 0}\n  - {name: b, quality: 1}\n"
                                      "testset: {path: testset.jsonl}\njudge: {repeats: 3}\n";
  const auto plan = load_plan((dir / "plan.yaml").string());
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->judge.repeats, 3);
  EXPECT_DOUBLE_EQ(plan->sim.judge.flip_rate, 0.2);
  ASSERT_EQ(plan->sim.judges.size(), 1u);
  EXPECT_DOUBLE_EQ(plan->sim.judges[0].judge.flip_rate, 0.05);
}

}  // namespace
}  // namespace evolbench
