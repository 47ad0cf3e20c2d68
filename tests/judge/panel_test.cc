// A panel of three simulated judges with different position biases and noise on the
// same pairs: each judge's results kept, agreement and kappa between them, the majority.
#include <gtest/gtest.h>

#include "judge/pairwise.h"
#include "judge_test_world.h"
#include "stats/judge_diagnostics.h"

namespace evolbench {
namespace {

class ThreeJudgePanel : public ::testing::Test {
 protected:
  void SetUp() override {
    // Answers vary by item: with one fixed quality per model, the judges would share only
    // three quality gaps and sim-first's kappa with the others would be 0.02 on average,
    // at or below 0 in a third of worlds; with a spread of 1 it is 0.17 and never at 0.
    world_.add_items(kItems, {{"x", 0.8}, {"y", 0.0}, {"z", -0.8}}, 1.0);
    SimWorld sim_world;
    sim_world.seed = 6;
    sim_world.judge = {0.1, 0.0, 0.3, 0.4};                                 // sim-judge: nearly fair
    sim_world.judges = {{"sim-first", {1.2, 0.0, 0.6, 0.4}},                 // favours the first answer
                        {"sim-second", {-0.9, 0.0, 0.9, 0.6}}};              // favours the second, noisy
    SimBackend sim(sim_world);
    options_.models = {"x", "y", "z"};
    options_.panel = {"sim-judge", "sim-first", "sim-second"};
    auto result = judge_pairs(world_.items(), options_, judge_, sim, world_.store(), {});
    ASSERT_TRUE(result.ok()) << result.error().message;
  }

  std::vector<std::pair<std::string, std::vector<PairVerdict>>> raters() {
    std::vector<std::pair<std::string, std::vector<PairVerdict>>> out;
    for (const auto& member : options_.panel)
      out.emplace_back(member, world_.verdicts(member_label(judge_.label(), member, 3)));
    out.emplace_back("panel", world_.verdicts(judge_.label()));
    return out;
  }

  static constexpr int kItems = 120;
  JudgeSpec judge_ = shipped_judge("pairwise.yaml");
  PairwiseOptions options_;
  JudgeWorld world_;
};

TEST_F(ThreeJudgePanel, EachJudgeKeepsItsOwnJudgmentsAndThePanelIsTheirMajority) {
  const auto panel = world_.judgments(judge_.label());
  ASSERT_EQ(panel.size(), 3u * kItems);
  std::map<std::string, std::map<std::tuple<std::string, std::string, std::string>, Outcome>> by_member;
  for (const auto& member : options_.panel) {
    const auto own = world_.judgments(member_label(judge_.label(), member, 3));
    ASSERT_EQ(own.size(), 3u * kItems) << member;
    for (const auto& j : own) by_member[member][{j.item_id, j.model_a, j.model_b}] = j.outcome;
  }
  int split = 0;
  for (const auto& j : panel) {
    std::vector<Outcome> members;
    for (const auto& member : options_.panel) members.push_back(by_member[member][{j.item_id, j.model_a, j.model_b}]);
    EXPECT_EQ(j.outcome, panel_majority(members));
    split += members[0] != members[1] || members[1] != members[2];
  }
  EXPECT_GT(split, 0);  // the judges do disagree, so the majority is doing work
}

TEST_F(ThreeJudgePanel, DiagnosticsShowEachJudgesBiasAndTheirAgreement) {
  const auto diagnostics = diagnose_judges(world_.game_records(judge_.label()), raters(), {});
  ASSERT_EQ(diagnostics.judges.size(), 3u);  // by name: sim-first, sim-judge, sim-second
  const auto& first = diagnostics.judges[0];
  const auto& fair = diagnostics.judges[1];
  const auto& second = diagnostics.judges[2];
  EXPECT_EQ(first.judge_model, "sim-first");
  EXPECT_GT(first.first_position_win_share_ci95.low, 0.5);
  EXPECT_LT(second.first_position_win_share_ci95.high, 0.5);
  EXPECT_GT(fair.position_consistency, first.position_consistency);
  EXPECT_GT(fair.position_consistency, second.position_consistency);

  ASSERT_EQ(diagnostics.agreement.size(), 6u);  // 4 raters: every two of them
  for (const auto& a : diagnostics.agreement) {
    EXPECT_EQ(a.n, 3 * kItems) << a.rater_a << " / " << a.rater_b;
    ASSERT_TRUE(a.kappa.has_value());
    EXPECT_GT(*a.kappa, 0.0) << a.rater_a << " / " << a.rater_b;  // better than chance
    EXPECT_LT(*a.kappa, a.agreement);
    EXPECT_GE(a.agreement_without_ties, a.agreement);
  }
  // The majority agrees with each member more than the two biased members agree.
  const auto find = [&](const std::string& a, const std::string& b) {
    for (const auto& entry : diagnostics.agreement)
      if (entry.rater_a == a && entry.rater_b == b) return entry.agreement;
    ADD_FAILURE() << a << " / " << b;
    return 0.0;
  };
  EXPECT_GT(find("sim-judge", "panel"), find("sim-first", "sim-second"));
}

TEST_F(ThreeJudgePanel, AgreementWithHumanLabelsWithAndWithoutTies) {
  // The "humans" know the truth: the better model wins, never a tie; two votes per item.
  std::vector<PairVerdict> human;
  for (const auto& item : world_.items())
    for (const auto& [a, b] : {std::pair{"x", "y"}, std::pair{"y", "z"}, std::pair{"x", "z"}})
      for (int vote = 0; vote < 2; ++vote) human.push_back({item.id, b, a, Outcome::kLoss});  // reversed order
  const auto diagnostics = diagnose_judges(world_.game_records(judge_.label()), raters(), human);
  ASSERT_EQ(diagnostics.human_agreement.size(), 4u);
  for (const auto& a : diagnostics.human_agreement) {
    EXPECT_EQ(a.rater_b, "human");
    EXPECT_EQ(a.n, 6 * kItems);
    EXPECT_GT(a.agreement_without_ties, a.agreement);  // the judges' ties count against them
    EXPECT_GT(a.agreement_without_ties, 0.8) << a.rater_a;
    // The humans always name model_a, so chance explains all agreement: kappa is 0.
    ASSERT_TRUE(a.kappa_without_ties.has_value());
    EXPECT_NEAR(*a.kappa_without_ties, 0.0, 1e-12);
  }
}

}  // namespace
}  // namespace evolbench
