#include "stats/judge_diagnostics.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace evolbench {
namespace {

using O = Outcome;

TEST(Kappa, HandComputedThreeClassCase) {
  // agree 7 of 10; marginals a: W5 T2 L3, b: W4 T3 L3, so p_e = .20 + .06 + .09 = .35
  // and kappa = (.70 - .35) / .65 = 7/13.
  const std::vector<O> a = {O::kWin, O::kWin, O::kTie, O::kLoss, O::kLoss, O::kWin, O::kTie, O::kLoss, O::kWin, O::kWin};
  const std::vector<O> b = {O::kWin, O::kTie, O::kTie, O::kLoss, O::kWin, O::kWin, O::kTie, O::kLoss, O::kLoss, O::kWin};
  ASSERT_TRUE(cohen_kappa(a, b).has_value());
  EXPECT_NEAR(*cohen_kappa(a, b), 7.0 / 13.0, 1e-12);
}

TEST(Kappa, UndefinedWhenBothRatersSayOneThing) {
  EXPECT_FALSE(cohen_kappa({O::kWin, O::kWin}, {O::kWin, O::kWin}).has_value());
  EXPECT_FALSE(cohen_kappa({}, {}).has_value());
}

TEST(Kappa, PerfectAndChanceAgreement) {
  EXPECT_DOUBLE_EQ(*cohen_kappa({O::kWin, O::kLoss}, {O::kWin, O::kLoss}), 1.0);
  // p_o = .5, p_e = .5: no better than chance.
  EXPECT_DOUBLE_EQ(*cohen_kappa({O::kWin, O::kWin, O::kLoss, O::kLoss}, {O::kWin, O::kLoss, O::kWin, O::kLoss}), 0.0);
}

std::vector<PairVerdict> verdicts(const std::vector<O>& outcomes) {
  std::vector<PairVerdict> out;
  for (std::size_t i = 0; i < outcomes.size(); ++i) out.push_back({"i" + std::to_string(i), "m", "n", outcomes[i]});
  return out;
}

TEST(Agreement, WithAndWithoutTiesOnTheHandComputedCase) {
  const auto a = verdicts({O::kWin, O::kWin, O::kTie, O::kLoss, O::kLoss, O::kWin, O::kTie, O::kLoss, O::kWin, O::kWin});
  const auto b = verdicts({O::kWin, O::kTie, O::kTie, O::kLoss, O::kWin, O::kWin, O::kTie, O::kLoss, O::kLoss, O::kWin});
  const Agreement result = agreement("a", a, "b", b);
  EXPECT_EQ(result.n, 10);
  EXPECT_DOUBLE_EQ(result.agreement, 0.7);
  EXPECT_NEAR(*result.kappa, 7.0 / 13.0, 1e-12);
  // Without items either called a tie (3 of them): 5 of 7 agree; marginals W4 L3 on
  // both sides, p_e = 25/49, kappa = (35 - 25) / (49 - 25) = 5/12.
  EXPECT_EQ(result.n_without_ties, 7);
  EXPECT_DOUBLE_EQ(result.agreement_without_ties, 5.0 / 7.0);
  EXPECT_NEAR(*result.kappa_without_ties, 5.0 / 12.0, 1e-12);
}

TEST(Agreement, MatchesPairsInEitherOrderAndSkipsUnparsedAndUnmatched) {
  const std::vector<PairVerdict> judge = {{"i1", "m", "n", O::kWin}, {"i2", "m", "n", O::kUnparsed}};
  const std::vector<PairVerdict> human = {{"i1", "n", "m", O::kLoss},  // the same: m wins
                                          {"i1", "n", "m", O::kWin},   // a second vote, disagreeing
                                          {"i2", "m", "n", O::kWin},   // the judge could not read it
                                          {"i3", "m", "n", O::kWin}};  // never judged
  const Agreement result = agreement("judge", judge, "human", human);
  EXPECT_EQ(result.n, 2);
  EXPECT_DOUBLE_EQ(result.agreement, 0.5);
}

GameRecord game(const std::string& item, bool a_first, O outcome, std::size_t words = 10) {
  return {"j", item, "m", "n", a_first, outcome != O::kUnparsed, outcome, words};
}

TEST(JudgeModel, HandCountedFigures) {
  const std::vector<GameRecord> games = {
      game("1", true, O::kWin), game("1", false, O::kWin),    // consistent; first won, then lost
      game("2", true, O::kWin), game("2", false, O::kLoss),   // inconsistent: first won both
      game("3", true, O::kTie), game("3", false, O::kTie),    // consistent ties
      game("4", true, O::kUnparsed, 30), game("4", false, O::kWin),
      {"other", "1", "m", "n", true, true, O::kLoss, 99}};  // another judge model: ignored
  const JudgeModelDiagnostics d = diagnose_judge_model("j", games);
  EXPECT_EQ(d.games, 8);
  EXPECT_EQ(d.unparsed, 1);
  EXPECT_DOUBLE_EQ(d.parse_failure_rate, 1.0 / 8);
  EXPECT_EQ(d.both_orders, 3);
  EXPECT_DOUBLE_EQ(d.position_consistency, 2.0 / 3);
  EXPECT_EQ(d.decisive_games, 5);
  EXPECT_DOUBLE_EQ(d.first_position_win_share, 3.0 / 5);  // games 1a, 2a, 2b
  EXPECT_DOUBLE_EQ(d.tie_rate, 2.0 / 7);
  EXPECT_DOUBLE_EQ(d.mean_verdict_words, 100.0 / 8);
}

TEST(JudgeModel, GamesThatDoNotSayWhoWasShownFirstClaimNoPositionBias) {
  std::vector<GameRecord> games = {game("1", true, O::kWin), game("2", true, O::kWin), game("3", true, O::kTie)};
  for (auto& g : games) g.position_known = false;
  const JudgeModelDiagnostics d = diagnose_judge_model("j", games);
  EXPECT_FALSE(d.positions_recorded);
  EXPECT_EQ(d.decisive_games, 2);
  EXPECT_DOUBLE_EQ(d.first_position_win_share, 0.5);  // the default, not 2 of 2
  EXPECT_DOUBLE_EQ(d.tie_rate, 1.0 / 3);               // what needs no position still counts
  EXPECT_TRUE(diagnose_judge_model("j", {game("1", true, O::kWin)}).positions_recorded);
}

TEST(JudgeModel, GradesCountParseFailuresButHaveNoPosition) {
  const std::vector<GameRecord> grades = {{"j", "1", "m", "", true, true, O::kUnparsed, 5},
                                          {"j", "1", "n", "", true, false, O::kUnparsed, 5}};
  const JudgeModelDiagnostics d = diagnose_judge_model("j", grades);
  EXPECT_EQ(d.games, 2);
  EXPECT_DOUBLE_EQ(d.parse_failure_rate, 0.5);
  EXPECT_EQ(d.both_orders, 0);
  EXPECT_EQ(d.decisive_games, 0);
}

class HumanLabels : public ::testing::Test {
 protected:
  std::string write(const std::string& content) {
    path_ = (std::filesystem::temp_directory_path() /
             ("evolbench-human-" + std::to_string(::getpid()) + ".jsonl")).string();
    std::ofstream(path_) << content;
    return path_;
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::string path_;
};

TEST_F(HumanLabels, ReadsWinnersAndSkipsBlankLines) {
  auto labels = read_human_labels(write(
      "{\"item_id\": \"q1\", \"model_a\": \"m\", \"model_b\": \"n\", \"winner\": \"model_b\"}\n\n"
      "{\"item_id\": \"q1\", \"model_a\": \"m\", \"model_b\": \"n\", \"winner\": \"tie\"}\n"));
  ASSERT_TRUE(labels.ok()) << labels.error().message;
  ASSERT_EQ(labels->size(), 2u);
  EXPECT_EQ((*labels)[0].outcome, O::kLoss);
  EXPECT_EQ((*labels)[1].outcome, O::kTie);
}

TEST_F(HumanLabels, BadWinnerNamesFileAndLine) {
  auto labels = read_human_labels(write(
      "{\"item_id\": \"q1\", \"model_a\": \"m\", \"model_b\": \"n\", \"winner\": \"m\"}\n"));
  ASSERT_FALSE(labels.ok());
  EXPECT_EQ(labels.error().message, path_ + ":1: field 'winner': expected model_a, model_b or tie");
}

TEST_F(HumanLabels, MissingFieldNamesIt) {
  auto labels = read_human_labels(write("\n{\"item_id\": \"q1\", \"model_a\": \"m\", \"winner\": \"tie\"}\n"));
  ASSERT_FALSE(labels.ok());
  EXPECT_EQ(labels.error().message, path_ + ":2: field 'model_b': expected text");
}

}  // namespace
}  // namespace evolbench
