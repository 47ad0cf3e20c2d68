#include "report/gate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "report/markdown.h"

namespace evolbench {
namespace {

Stratum stratum(int wins, int ties, int losses) {
  Stratum s;
  s.tally = {wins, ties, losses};
  s.ci95 = win_rate_interval(s.tally);
  return s;
}

// "cand" against the reference "ref": `wins` of 100 items won, the rest lost, half of
// them hard; rated `elo` with a +-20 interval; LC win rate equal to the raw one.
Results run(int wins, double elo) {
  Results results;
  results.models = {"ref", "cand"};
  results.ratings_anchor = "ref";
  PairResult pair;
  pair.model = "cand";
  pair.opponent = "ref";
  pair.overall = stratum(wins, 0, 100 - wins);
  pair.by_bucket["easy"] = stratum(wins / 2, 0, 50 - wins / 2);
  pair.by_bucket["hard"] = stratum(wins - wins / 2, 0, 50 - (wins - wins / 2));
  pair.by_skill["poetry"] = stratum(wins > 50 ? 3 : 1, 0, 2);  // 5 items: too few to judge
  pair.lc_win_rate = wins / 100.0;
  results.pairs.push_back(pair);
  results.ratings = {{"ref", 1000.0, {1000.0, 1000.0}, 0.5}, {"cand", elo, {elo - 20, elo + 20}, 0.5}};
  return results;
}

GateRules win_rate_rule(std::optional<double> significance) {
  GateRules rules;
  rules.rules = {{GateMetric::kWinRate, 0.05, 0.10, {"bucket", "skill"}, significance}};
  return rules;
}

TEST(Gate, UnchangedRunPasses) {
  const auto report = evaluate_gate(run(70, 1150), run(70, 1150), default_gate_rules());
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->passed());
  EXPECT_EQ(report->reference, "ref");
}

// Soft outcomes in both runs: the verdicts hold at 70 of 100, but the soft win rate falls
// from 0.70 to 0.58 with standard errors 0.02 each (soft_ci95 half-width 1.96 x 0.02).
// The overall check compares the soft rates: drop 0.12, z = 0.12 / (0.02 x sqrt 2) = 4.24,
// one-sided p = 1.1e-5.
TEST(Gate, SoftOutcomesAreComparedByTheirSoftWinRates) {
  Results before = run(70, 1150), after = run(70, 1150);
  before.pairs[0].soft_win_rate = 0.70;
  before.pairs[0].soft_ci95 = {0.70 - kZ95 * 0.02, 0.70 + kZ95 * 0.02};
  after.pairs[0].soft_win_rate = 0.58;
  after.pairs[0].soft_ci95 = {0.58 - kZ95 * 0.02, 0.58 + kZ95 * 0.02};
  const auto report = evaluate_gate(before, after, win_rate_rule(0.05));
  ASSERT_TRUE(report.ok()) << report.error().message;
  const GateCheck& overall = report->checks[0];
  EXPECT_EQ(overall.stratum, "overall");
  EXPECT_EQ(overall.verdict, GateVerdict::kFail);
  EXPECT_DOUBLE_EQ(overall.baseline, 0.70);
  EXPECT_DOUBLE_EQ(overall.candidate, 0.58);
  ASSERT_TRUE(overall.p_value.has_value());
  EXPECT_NEAR(*overall.p_value, 0.5 * std::erfc(0.12 / (0.02 * std::sqrt(2.0)) / std::sqrt(2.0)), 1e-12);
  EXPECT_EQ(report->checks[1].verdict, GateVerdict::kPass);  // the buckets count verdicts: unchanged
}

TEST(Gate, WeakenedModelFailsOverallAndPerBucket) {
  // 70% -> 40%: a 30-point drop, far past 5 points and significant.
  const auto report = evaluate_gate(run(70, 1150), run(40, 930), win_rate_rule(0.05));
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->passed());
  ASSERT_EQ(report->checks.size(), 4u);  // overall, easy, hard, poetry
  EXPECT_EQ(report->checks[0].stratum, "overall");
  EXPECT_EQ(report->checks[0].verdict, GateVerdict::kFail);
  EXPECT_DOUBLE_EQ(report->checks[0].drop(), 0.30);
  EXPECT_EQ(report->checks[1].stratum, "bucket easy");
  EXPECT_EQ(report->checks[1].verdict, GateVerdict::kFail);
  EXPECT_LT(*report->checks[0].p_value, 1e-4);
}

TEST(Gate, SmallStratumIsSkippedNotFailed) {
  const auto report = evaluate_gate(run(70, 1150), run(40, 930), win_rate_rule(std::nullopt));
  const GateCheck& poetry = report->checks[3];
  EXPECT_EQ(poetry.stratum, "skill poetry");
  EXPECT_EQ(poetry.verdict, GateVerdict::kSkipped);
  EXPECT_NE(poetry.reason.find("fewer than 10 items"), std::string::npos);
}

TEST(Gate, DropWithinTheAllowanceOrNotSignificantPasses) {
  // 70% -> 66%: 4 points, under the 5 allowed.
  EXPECT_TRUE(evaluate_gate(run(70, 1150), run(66, 1140), win_rate_rule(std::nullopt))->passed());
  // 70% -> 62%: 8 points fails without a significance level; with 100 items a side,
  // se = sqrt(0.21 / 100 + 0.2356 / 100) = 0.0668, z = 1.20, one-sided p = 0.115: it
  // passes at 0.05.
  const auto strict = evaluate_gate(run(70, 1150), run(62, 1100), win_rate_rule(std::nullopt));
  EXPECT_EQ(strict->checks[0].verdict, GateVerdict::kFail);
  const auto significant = evaluate_gate(run(70, 1150), run(62, 1100), win_rate_rule(0.05));
  EXPECT_EQ(significant->checks[0].verdict, GateVerdict::kPass);
  EXPECT_GT(*significant->checks[0].p_value, 0.05);
}

TEST(Gate, WinRateTestUsesItemVariance) {
  // Hand-computed: baseline 70/100 (variance 0.21), candidate 50/100 (0.25);
  // se = sqrt(0.0021 + 0.0025) = 0.06782; z = 0.2 / 0.06782 = 2.949; p = 0.001595.
  const auto report = evaluate_gate(run(70, 1150), run(50, 1000), win_rate_rule(0.05));
  EXPECT_NEAR(*report->checks[0].p_value, 0.001595, 2e-5);
}

TEST(Gate, RatingDropIsInElo) {
  GateRules rules;
  rules.rules = {{GateMetric::kRating, 25.0, 25.0, {}, std::nullopt}};
  const auto report = evaluate_gate(run(70, 1150), run(70, 1120), rules);
  ASSERT_EQ(report->checks.size(), 1u);
  EXPECT_EQ(report->checks[0].verdict, GateVerdict::kFail);  // 30 Elo > 25
  EXPECT_NE(report->checks[0].reason.find("1150.0 Elo -> 1120.0 Elo (drop 30.0 Elo, allowed 25.0 Elo)"),
            std::string::npos)
      << report->checks[0].reason;
}

TEST(Gate, AnImprovedModelNeverFailsAnother) {
  // Only "cand" against "ref" is compared: the reverse pair, which falls when cand
  // improves, is the reference's and is not gated.
  Results baseline = run(50, 1000), candidate = run(80, 1200);
  PairResult reverse;
  reverse.model = "ref";
  reverse.opponent = "cand";
  reverse.overall = stratum(50, 0, 50);
  baseline.pairs.push_back(reverse);
  reverse.overall = stratum(20, 0, 80);
  candidate.pairs.push_back(reverse);
  EXPECT_TRUE(evaluate_gate(baseline, candidate, default_gate_rules())->passed());
}

TEST(Gate, MissingLcWinRateIsSkipped) {
  Results candidate = run(70, 1150);
  candidate.pairs[0].lc_win_rate.reset();
  GateRules rules;
  rules.rules = {{GateMetric::kLcWinRate, 0.05, 0.05, {}, std::nullopt}};
  EXPECT_EQ(evaluate_gate(run(70, 1150), candidate, rules)->checks[0].verdict, GateVerdict::kSkipped);
}

TEST(Gate, RunsThatCannotBeComparedAreInputErrors) {
  Results other_anchor = run(70, 1150);
  other_anchor.ratings_anchor = "cand";
  auto report = evaluate_gate(run(70, 1150), other_anchor, default_gate_rules());
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().message.find("anchored at the reference 'ref'"), std::string::npos);


  GateRules capacity;
  capacity.rules = {{GateMetric::kCapacity, 0.05, 0.05, {}, std::nullopt}};
  report = evaluate_gate(run(70, 1150), run(70, 1150), capacity);
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().message.find("capacity needs a score-pair judge"), std::string::npos);
}

TEST(Gate, CapacityComparesRatiosAgainstTheReference) {
  Results baseline = run(70, 1150), candidate = run(70, 1150);
  baseline.capacity = {{"cand", "ref", {40, 400.0, 400.0, 1.0, {0.95, 1.05}}, {}, {}}};
  candidate.capacity = {{"cand", "ref", {40, 360.0, 400.0, 0.9, {0.85, 0.95}}, {}, {}}};
  GateRules rules;
  rules.rules = {{GateMetric::kCapacity, 0.05, 0.05, {}, 0.05}};
  const auto report = evaluate_gate(baseline, candidate, rules);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->checks[0].verdict, GateVerdict::kFail);
  EXPECT_NEAR(report->checks[0].drop(), 0.10, 1e-12);
}

TEST(Gate, JunitHasOneTestCasePerCheckWithItsFigures) {
  Results baseline = run(70, 1150), candidate = run(40, 930);
  for (Results* r : {&baseline, &candidate}) {
    r->models[1] = "c<&\"x\">";
    r->pairs[0].model = r->models[1];
    r->ratings[1].model = r->models[1];
  }
  const auto report = evaluate_gate(baseline, candidate, win_rate_rule(0.05));
  const std::string xml = gate_junit(*report);
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0), 0u);
  std::size_t cases = 0;
  for (auto at = xml.find("<testcase "); at != std::string::npos; at = xml.find("<testcase ", at + 1)) ++cases;
  EXPECT_EQ(cases, report->checks.size());
  EXPECT_NE(xml.find("<testsuite name=\"win_rate\" tests=\"4\" failures=\"3\" skipped=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("name=\"c&lt;&amp;&quot;x&quot;&gt; vs ref, overall\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<failure message=\"70.0% -&gt; 40.0% (drop 30.0%, allowed 5.0%)"), std::string::npos) << xml;
  EXPECT_EQ(xml.find("c<&"), std::string::npos);
}

TEST(Gate, MarkdownPutsFailuresFirst) {
  const auto report = evaluate_gate(run(70, 1150), run(40, 930), win_rate_rule(0.05));
  const std::string md = gate_markdown(*report);
  EXPECT_NE(md.find("## evolbench gate: **regression**"), std::string::npos);
  EXPECT_LT(md.find("| FAIL |"), md.find("| skipped |"));
  EXPECT_NE(md.find("3 of 4 checks regressed, 1 skipped"), std::string::npos) << md;
}

// Item ids "i<first>".."i<first + count - 1>".
std::vector<std::string> item_ids(int first, int count) {
  std::vector<std::string> ids;
  for (int i = first; i < first + count; ++i) ids.push_back("i" + std::to_string(i));
  return ids;
}

Results run_over(std::vector<std::string> ids, std::string judge = "pairwise@aaaa") {
  Results results = run(70, 1150);
  results.items = static_cast<int>(ids.size());
  results.item_ids = std::move(ids);
  results.judge = std::move(judge);
  return results;
}

TEST(GateFinding8, RefusesRunsOverDifferentItemSets) {
  // 57 items i0..i56 against 60 items i34..i93: i34..i56 are shared, 23 of them.
  const auto report = evaluate_gate(run_over(item_ids(0, 57)), run_over(item_ids(34, 60)), default_gate_rules());
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().message,
            "the runs are not comparable: the test sets differ: baseline 57 items, candidate 60, 23 shared "
            "(pass --allow-changed testset to gate them anyway)");
}

TEST(GateFinding8, RefusesRunsOfDifferentJudgesNamingBothLabels) {
  const auto report = evaluate_gate(run_over(item_ids(0, 60)), run_over(item_ids(0, 60), "pairwise@bbbb"),
                                    default_gate_rules());
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().message,
            "the runs are not comparable: the judges differ: baseline 'pairwise@aaaa', candidate 'pairwise@bbbb' "
            "(pass --allow-changed judge to gate them anyway)");
}

TEST(GateFinding8, AllowedChangesAreGatedAndNoted) {
  GateMatching matching;
  matching.allow_changed_testset = matching.allow_changed_judge = true;
  const auto report = evaluate_gate(run_over(item_ids(0, 57)), run_over(item_ids(34, 60), "pairwise@bbbb"),
                                    default_gate_rules(), matching);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->passed());
  ASSERT_EQ(report->notes.size(), 2u);
  EXPECT_EQ(report->notes[0], "the test sets differ: baseline 57 items, candidate 60, 23 shared "
                              "(allowed by --allow-changed testset)");
  EXPECT_EQ(report->notes[1], "the judges differ: baseline 'pairwise@aaaa', candidate 'pairwise@bbbb' "
                              "(allowed by --allow-changed judge)");
  EXPECT_EQ(gate_text(*report).rfind("note: the test sets differ", 0), 0u);
}

TEST(GateFinding8, SameItemsInAnotherOrderAreTheSameSet) {
  std::vector<std::string> reversed = item_ids(0, 60);
  std::reverse(reversed.begin(), reversed.end());
  const auto report = evaluate_gate(run_over(item_ids(0, 60)), run_over(reversed), default_gate_rules());
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->notes.empty());
}

TEST(GateFinding8, WithoutItemIdsOnlyCountsAreComparedAndTheGateSaysSo) {
  Results old_baseline = run_over(item_ids(0, 60));
  old_baseline.item_ids.clear();  // a results.json written before testset.item_ids
  const auto same_count = evaluate_gate(old_baseline, run_over(item_ids(0, 60)), default_gate_rules());
  ASSERT_TRUE(same_count.ok()) << same_count.error().message;
  ASSERT_EQ(same_count->notes.size(), 1u);
  EXPECT_EQ(same_count->notes[0], "both test sets have 60 items, but which items are shared cannot be checked: "
                                  "the baseline's results.json does not list testset.item_ids");

  const auto other_count = evaluate_gate(old_baseline, run_over(item_ids(0, 57)), default_gate_rules());
  ASSERT_FALSE(other_count.ok());
  EXPECT_EQ(other_count.error().message,
            "the runs are not comparable: the test sets differ: baseline 60 items, candidate 57 (which items are "
            "shared cannot be checked: the baseline's results.json does not list testset.item_ids) "
            "(pass --allow-changed testset to gate them anyway)");
}

// "cand" of the baseline is called "cand-v2" in the candidate run.
Results renamed(Results results) {
  results.models[1] = results.pairs[0].model = results.ratings[1].model = "cand-v2";
  return results;
}

TEST(GateFinding8, MissingModelIsAFailedCheckNotASkip) {
  const auto report = evaluate_gate(run(70, 1150), renamed(run(70, 1150)), win_rate_rule(std::nullopt));
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_FALSE(report->passed());
  ASSERT_EQ(report->checks.size(), 2u);
  EXPECT_EQ(report->checks[0].model, "cand");
  EXPECT_EQ(report->checks[0].verdict, GateVerdict::kFail);
  EXPECT_EQ(report->checks[0].reason,
            "not in the candidate run: a gated model must be in both (a renamed one: --rename OLD=NEW)");
  EXPECT_EQ(report->checks[1].model, "cand-v2");
  EXPECT_EQ(report->checks[1].verdict, GateVerdict::kFail);
  EXPECT_NE(report->checks[1].reason.find("not in the baseline run"), std::string::npos);

  GateRules listed = win_rate_rule(std::nullopt);
  listed.models = {"ghost"};
  const auto ghost = evaluate_gate(run(70, 1150), run(70, 1150), listed);
  ASSERT_TRUE(ghost.ok()) << ghost.error().message;
  EXPECT_EQ(ghost->failures(), 1);
  EXPECT_NE(gate_junit(*ghost).find("<failure message=\"not in the baseline run"), std::string::npos);
}

TEST(GateFinding8, RenameGatesTheRenamedModel) {
  GateMatching matching;
  matching.renames = {{"cand", "cand-v2"}};
  const auto report = evaluate_gate(run(70, 1150), renamed(run(40, 930)), win_rate_rule(0.05), matching);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->checks[0].model, "cand-v2");
  EXPECT_EQ(report->checks[0].verdict, GateVerdict::kFail);
  EXPECT_DOUBLE_EQ(report->checks[0].drop(), 0.30);
  ASSERT_EQ(report->notes.size(), 1u);
  EXPECT_EQ(report->notes[0], "'cand' of the baseline is 'cand-v2' of the candidate");
  // The rules may name it by its old name.
  GateRules by_old_name = win_rate_rule(0.05);
  by_old_name.models = {"cand"};
  EXPECT_EQ(evaluate_gate(run(70, 1150), renamed(run(40, 930)), by_old_name, matching)->checks[0].model, "cand-v2");
}

TEST(GateFinding8, RenameOfAModelARunLacksIsRefused) {
  GateMatching matching;
  matching.renames = {{"old", "cand-v2"}};
  auto report = evaluate_gate(run(70, 1150), renamed(run(70, 1150)), default_gate_rules(), matching);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().message, "rename 'old' -> 'cand-v2': no model 'old' in the baseline run");
  matching.renames = {{"cand", "nope"}};
  report = evaluate_gate(run(70, 1150), renamed(run(70, 1150)), default_gate_rules(), matching);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().message, "rename 'cand' -> 'nope': no model 'nope' in the candidate run");
}

TEST(GateFinding8, MarkdownHasNoHtmlEntities) {
  Results baseline = run(70, 1150), candidate = run(40, 930);
  for (Results* r : {&baseline, &candidate}) r->models[1] = r->pairs[0].model = r->ratings[1].model = "a<b&c";
  const std::string md = gate_markdown(*evaluate_gate(baseline, candidate, win_rate_rule(0.05)));
  for (const char* entity : {"&gt;", "&lt;", "&amp;", "&#"}) EXPECT_EQ(md.find(entity), std::string::npos) << entity;
  EXPECT_NE(md.find("70.0% -> 40.0% (drop 30.0%, allowed 5.0%)"), std::string::npos) << md;
  EXPECT_NE(md.find("| a\\<b\\&c |"), std::string::npos) << md;
}

TEST(Gate, TextEndsWithTheVerdict) {
  const auto passed = evaluate_gate(run(70, 1150), run(70, 1150), win_rate_rule(0.05));
  const std::string text = gate_text(*passed);
  EXPECT_NE(text.find("gate passed: 0 of 4 checks regressed, 1 skipped\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace evolbench

namespace evolbench {
namespace {

// run() with the judge's noise measured: one repeat's win rate moves by `noise_sd`
// from the judge's sampling alone.
Results run_with_judge_noise(int wins, double noise_sd) {
  Results results = run(wins, 1000);
  RepeatFigures repeats;
  repeats.repeats = 3;
  repeats.judge_noise_sd = noise_sd;
  results.pairs[0].repeats = repeats;
  return results;
}

GateRules beyond_judge_noise_rule() {
  GateRules rules = win_rate_rule(std::nullopt);
  rules.rules[0].strata.clear();
  rules.rules[0].beyond_judge_noise = true;
  return rules;
}

// 70% -> 62%: 8 points, over the 5 allowed. A judge whose repeats move the win rate by
// sd 0.03 in each run can make 1.96 x sqrt(0.03^2 + 0.03^2) = 0.0832 of it alone: pass.
// With sd 0.02 (band 0.0554) the drop is beyond the judge's noise: fail.
TEST(Gate, BeyondJudgeNoiseFailsOnlyADropLargerThanTheJudgesOwnNoise) {
  const auto noisy = evaluate_gate(run_with_judge_noise(70, 0.03), run_with_judge_noise(62, 0.03),
                                   beyond_judge_noise_rule());
  ASSERT_TRUE(noisy.ok()) << noisy.error().message;
  ASSERT_EQ(noisy->checks.size(), 1u);
  EXPECT_NEAR(*noisy->checks[0].judge_noise, 1.959963984540054 * std::sqrt(0.0018), 1e-12);
  EXPECT_EQ(noisy->checks[0].verdict, GateVerdict::kPass);
  EXPECT_NE(noisy->checks[0].reason.find("judge noise 8.3% not exceeded"), std::string::npos);
  const auto steady = evaluate_gate(run_with_judge_noise(70, 0.02), run_with_judge_noise(62, 0.02),
                                    beyond_judge_noise_rule());
  ASSERT_TRUE(steady.ok());
  EXPECT_EQ(steady->checks[0].verdict, GateVerdict::kFail);
  EXPECT_NE(gate_json(*steady).find("\"judge_noise\": 0.0554"), std::string::npos);
}

TEST(Gate, BeyondJudgeNoiseRefusesARunWithoutRepeats) {
  const auto report = evaluate_gate(run_with_judge_noise(70, 0.03), run(62, 1000), beyond_judge_noise_rule());
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().kind, Error::Kind::kInput);
  EXPECT_NE(report.error().message.find("no judge repeats in the candidate run"), std::string::npos);
}

}  // namespace
}  // namespace evolbench
