#include "stats/self_preference.h"

#include <gtest/gtest.h>

namespace evolbench {
namespace {

Judgment judged(const std::string& item, const std::string& a, const std::string& b, Outcome outcome) {
  return {item, a, b, "pairwise", outcome, outcome, outcome, 1};
}

const Families kFamilies = {{"gpt-a", "gpt"}, {"gpt-b", "gpt"}, {"claude-a", "claude"},
                            {"gpt-judge", "gpt"}, {"fair-judge", "fair"}};

// gpt-judge on gpt-a vs claude-a: 3 wins, 1 tie for gpt-a (win rate 3.5/4); fair-judge on
// the same items: 1 win, 1 tie, 2 losses (1.5/4). gpt-a vs gpt-b is not counted (both of
// its family), nor an unparsed verdict.
TEST(SelfPreference, CountsAJudgesOwnFamilyVerdictsApartFromTheOtherJudges) {
  const std::vector<JudgeModelVerdicts> judges = {
      {"gpt-judge",
       {judged("q1", "gpt-a", "claude-a", Outcome::kWin), judged("q2", "gpt-a", "claude-a", Outcome::kWin),
        judged("q3", "claude-a", "gpt-a", Outcome::kLoss), judged("q4", "gpt-a", "claude-a", Outcome::kTie),
        judged("q5", "gpt-a", "claude-a", Outcome::kUnparsed), judged("q1", "gpt-a", "gpt-b", Outcome::kWin)}},
      {"fair-judge",
       {judged("q1", "gpt-a", "claude-a", Outcome::kWin), judged("q2", "gpt-a", "claude-a", Outcome::kLoss),
        judged("q3", "claude-a", "gpt-a", Outcome::kWin), judged("q4", "gpt-a", "claude-a", Outcome::kTie),
        judged("q5", "gpt-a", "claude-a", Outcome::kLoss), judged("q1", "gpt-a", "gpt-b", Outcome::kLoss)}}};
  const auto entries = self_preference(judges, kFamilies, false);
  ASSERT_EQ(entries.size(), 1u);  // fair-judge's family is in no pair
  const SelfPreference& entry = entries[0];
  EXPECT_EQ(entry.judge, "gpt-judge");
  EXPECT_EQ(entry.family, "gpt");
  EXPECT_FALSE(entry.left_out);
  EXPECT_EQ(entry.own.tally, (WinTally{3, 1, 0}));
  EXPECT_DOUBLE_EQ(entry.own.tally.win_rate(), 3.5 / 4);
  EXPECT_EQ(entry.own.ci95, win_rate_interval(entry.own.tally));
  ASSERT_TRUE(entry.others.has_value());
  EXPECT_EQ(entry.others->tally, (WinTally{1, 1, 2}));  // q5 is not among gpt-judge's items
  ASSERT_EQ(entry.pairs.size(), 1u);
  EXPECT_EQ(entry.pairs[0].model, "gpt-a");
  EXPECT_EQ(entry.pairs[0].opponent, "claude-a");
  EXPECT_EQ(entry.pairs[0].own, entry.own);
}

TEST(SelfPreference, AJudgeAloneHasNoOthers) {
  const auto entries =
      self_preference({{"gpt-judge", {judged("q1", "claude-a", "gpt-b", Outcome::kLoss)}}}, kFamilies, false);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].own.tally, (WinTally{1, 0, 0}));  // gpt-b won
  EXPECT_EQ(entries[0].pairs[0].model, "gpt-b");
  EXPECT_FALSE(entries[0].others.has_value());
}

TEST(SelfPreference, AJudgeOfNoJudgedFamilyHasNoEntry) {
  EXPECT_TRUE(self_preference({{"fair-judge", {judged("q1", "gpt-a", "claude-a", Outcome::kWin)}}}, kFamilies, true)
                  .empty());
}

}  // namespace
}  // namespace evolbench
