#include "judge/pairwise.h"

#include <gtest/gtest.h>

#include <set>

#include "judge_test_world.h"
#include "llm/answers.h"

namespace evolbench {
namespace {

std::vector<Item> items(int count) {
  std::vector<Item> out;
  for (int i = 0; i < count; ++i) out.push_back({"i" + std::to_string(i), "Q", 5, "", std::nullopt});
  return out;
}

TEST(Schedule, EveryPairOnEveryItemInBothOrders) {
  PairwiseOptions options;
  options.models = {"x", "y", "z"};
  auto schedule = schedule_pairs(items(4), options);
  ASSERT_TRUE(schedule.ok());
  ASSERT_EQ(schedule->size(), 12u);  // 3 pairs x 4 items
  for (const auto& pair : *schedule) {
    EXPECT_TRUE(pair.a_first_played && pair.b_first_played);
    EXPECT_LT(pair.model_a, pair.model_b);  // plan order here is alphabetical
  }
}

TEST(Schedule, AgainstABaselineEveryOtherModelMeetsIt) {
  PairwiseOptions options;
  options.models = {"x", "base", "y", "z"};
  options.design = PairDesign::kAgainstBaseline;
  options.baseline = "base";
  auto schedule = schedule_pairs(items(2), options);
  ASSERT_TRUE(schedule.ok());
  ASSERT_EQ(schedule->size(), 6u);  // 3 opponents x 2 items
  for (const auto& pair : *schedule) EXPECT_TRUE(pair.model_a == "base" || pair.model_b == "base");
  EXPECT_EQ((*schedule)[0].model_a, "x");  // plan order kept: x comes before the baseline
}

TEST(Schedule, UnknownBaselineIsAnError) {
  PairwiseOptions options;
  options.models = {"x", "y"};
  options.design = PairDesign::kAgainstBaseline;
  options.baseline = "nobody";
  auto schedule = schedule_pairs(items(2), options);
  ASSERT_FALSE(schedule.ok());
  EXPECT_EQ(schedule.error().message, "baseline 'nobody' is not one of the judged models");
}

TEST(Schedule, SampledDesignDrawsDistinctPairsPerItemFromTheSeed) {
  PairwiseOptions options;
  options.models = {"m0", "m1", "m2", "m3", "m4", "m5"};  // 15 pairs
  options.design = PairDesign::kSampled;
  options.pairs_per_item = 3;
  auto schedule = schedule_pairs(items(200), options);
  ASSERT_TRUE(schedule.ok());
  ASSERT_EQ(schedule->size(), 600u);
  std::map<std::size_t, std::set<std::pair<std::string, std::string>>> per_item;
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& pair : *schedule) {
    EXPECT_TRUE(per_item[pair.item].insert({pair.model_a, pair.model_b}).second);
    seen.insert({pair.model_a, pair.model_b});
  }
  EXPECT_EQ(seen.size(), 15u);  // 200 draws of 3 reach every pair
  auto again = schedule_pairs(items(200), options);
  ASSERT_TRUE(again.ok());
  for (std::size_t i = 0; i < again->size(); ++i) EXPECT_EQ((*again)[i].model_a, (*schedule)[i].model_a);
  options.seed = 2;
  auto other = schedule_pairs(items(200), options);
  ASSERT_TRUE(other.ok());
  int differ = 0;
  for (std::size_t i = 0; i < other->size(); ++i)
    differ += (*other)[i].model_a != (*schedule)[i].model_a || (*other)[i].model_b != (*schedule)[i].model_b;
  EXPECT_GT(differ, 100);
}

TEST(Schedule, OneRandomOrderPlaysOneGameAndEachOrderAboutHalfTheTime) {
  PairwiseOptions options;
  options.models = {"x", "y"};
  options.orders = OrderPolicy::kOneRandomOrder;
  auto schedule = schedule_pairs(items(400), options);
  ASSERT_TRUE(schedule.ok());
  int a_first = 0;
  for (const auto& pair : *schedule) {
    EXPECT_NE(pair.a_first_played, pair.b_first_played);
    a_first += pair.a_first_played;
  }
  EXPECT_GT(a_first, 160);  // 400 fair coins: 200 +- 2.5 sd is 175..225
  EXPECT_LT(a_first, 240);
}

JudgeGame game(bool a_first, Outcome outcome, double weight = 1.0) {
  JudgeGame g;
  g.a_shown_first = a_first;
  g.outcome = outcome;
  g.weight = weight;
  return g;
}

TEST(Combine, InconsistentOrdersAreATieUnlessTheJudgeSumsWeights) {
  JudgeSpec judge;
  const std::vector<JudgeGame> strong_then_weak = {game(true, Outcome::kWin, 3), game(false, Outcome::kLoss, 1)};
  EXPECT_EQ(combine_games(judge, strong_then_weak), Outcome::kTie);
  judge.orders = OrderRule::kSumOfWeights;
  EXPECT_EQ(combine_games(judge, strong_then_weak), Outcome::kWin);  // 3 - 1 > 0
  EXPECT_EQ(combine_games(judge, {game(true, Outcome::kWin), game(false, Outcome::kLoss)}), Outcome::kTie);
}

TEST(Combine, AnUnparsedGameIsNeverATie) {
  JudgeSpec judge;
  judge.orders = OrderRule::kSumOfWeights;
  EXPECT_EQ(combine_games(judge, {game(true, Outcome::kWin), game(false, Outcome::kUnparsed)}),
            Outcome::kUnparsed);
}

TEST(Combine, OneGameIsItsOwnOutcome) {
  EXPECT_EQ(combine_games(JudgeSpec{}, {game(false, Outcome::kLoss)}), Outcome::kLoss);
}

TEST(Combine, ScoreGamesCompareTheMeanDifferenceWithTheTieMargin) {
  JudgeSpec judge;
  judge.kind = JudgeKind::kPairwiseScores;
  judge.orders = OrderRule::kSumOfWeights;
  judge.tie_margin = 1.0;
  JudgeGame first = game(true, Outcome::kWin), second = game(false, Outcome::kTie);
  first.score_a = 8, first.score_b = 6;    // +2
  second.score_a = 7, second.score_b = 7;  // 0: mean +1 is within the margin
  EXPECT_EQ(combine_games(judge, {first, second}), Outcome::kTie);
  second.score_a = 8;  // mean +1.5
  EXPECT_EQ(combine_games(judge, {first, second}), Outcome::kWin);
}

using O = Outcome;

TEST(PanelRules, MajorityLeavesOutUnparsedMembersAndSplitsAreTies) {
  EXPECT_EQ(panel_majority({O::kWin, O::kWin, O::kLoss}), O::kWin);
  EXPECT_EQ(panel_majority({O::kWin, O::kLoss, O::kTie}), O::kTie);
  EXPECT_EQ(panel_majority({O::kLoss, O::kUnparsed, O::kUnparsed}), O::kLoss);
  EXPECT_EQ(panel_majority({O::kWin, O::kLoss, O::kUnparsed}), O::kTie);
  EXPECT_EQ(panel_majority({O::kUnparsed, O::kUnparsed}), O::kUnparsed);
}

TEST(PanelRules, MeanIsTheSignOfTheMeanMargin) {
  EXPECT_EQ(panel_mean({2.0, -1.0, 0.5}, 0.0), Outcome::kWin);  // mean 0.5
  EXPECT_EQ(panel_mean({2.0, -1.0, 0.5}, 0.5), Outcome::kTie);
  EXPECT_EQ(panel_mean({-3.0, 1.0}, 0.5), Outcome::kLoss);
  EXPECT_EQ(panel_mean({}, 0.0), Outcome::kUnparsed);
}

TEST(Labels, APanelMemberHasItsOwnLabel) {
  EXPECT_EQ(member_label("pairwise@abc", "gpt", 1), "pairwise@abc");
  EXPECT_EQ(member_label("pairwise@abc", "gpt", 3), "pairwise@abc/gpt");
}

// A judge that writes no verdict unless the reminder was appended to its prompt.
class ForgetfulJudge : public ChatModel {
 public:
  std::string endpoint_kind() const override { return "forgetful"; }
  void complete_batch(std::span<const CompletionRequest> requests, const CompletionCallback& done) override {
    for (std::size_t i = 0; i < requests.size(); ++i) {
      asked.push_back(requests[i]);
      const bool reminded = requests[i].messages.back().content.find("Your reply did not end") != std::string::npos;
      done(i, Completion{reminded ? "Fine. [[A>B]]" : "Both are interesting answers.", 0, 0, 0});
    }
  }
  std::vector<CompletionRequest> asked;
};

TEST(ParseFailures, RetryAppendsTheReminderWithANewSeedAndIsCounted) {
  JudgeWorld world;
  world.add_items(3, {{"x", 0.0}, {"y", 0.0}});
  const JudgeSpec judge = shipped_judge("pairwise-graded.yaml");
  ForgetfulJudge model;
  PairwiseOptions options;
  options.models = {"x", "y"};
  auto result = judge_pairs(world.items(), options, judge, model, world.store(), {});
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_EQ(model.asked.size(), 12u);  // 3 items x 2 orders x 2 attempts
  const CompletionRequest& retry = model.asked.back();
  EXPECT_EQ(retry.params.seed, 1);
  EXPECT_NE(retry.messages.back().content.find(judge.reminder), std::string::npos);
  EXPECT_EQ(result->unparsed.count("sim-judge"), 0u);
  for (const auto& g : world.games(judge.label())) {
    EXPECT_EQ(g.attempts, 2);
    EXPECT_NE(g.outcome, Outcome::kUnparsed);
  }
}

TEST(ParseFailures, OutputsNeverReadAreFailuresNotJudgmentsOrTies) {
  JudgeWorld world;
  world.add_items(5, {{"x", 0.5}, {"y", 0.0}});
  SimWorld sim_world;
  sim_world.judge.unparsable_rate = 1.0;
  SimBackend sim(sim_world);
  CountingModel model(sim);
  const JudgeSpec judge = shipped_judge("pairwise-graded.yaml");
  PairwiseOptions options;
  options.models = {"x", "y"};
  auto result = judge_pairs(world.items(), options, judge, model, world.store(), {});
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(model.asked.size(), 20u);  // each game asked twice (parse_retries: 1)
  EXPECT_EQ(result->unparsed.at("sim-judge"), 10u);
  // Each item is kept as unparsed (so reports count it), never as a tie or a verdict.
  const auto judgments = world.judgments(judge.label());
  EXPECT_EQ(judgments.size(), 5u);
  for (const auto& j : judgments) EXPECT_EQ(j.outcome, Outcome::kUnparsed);
  auto failures = world.store().failures();
  ASSERT_TRUE(failures.ok());
  ASSERT_EQ(failures->size(), 10u);  // 5 items x 2 orders
  EXPECT_EQ(failures->front().stage, "judge");
  EXPECT_EQ(failures->front().reason, "no verdict could be read after 2 calls");
  for (const auto& g : world.games(judge.label())) {
    EXPECT_EQ(g.attempts, 2);
    EXPECT_NE(g.output.find("rather not choose"), std::string::npos);  // the raw output is kept
  }
  const auto diagnostics = diagnose_judge_model("sim-judge", world.game_records(judge.label()));
  EXPECT_EQ(diagnostics.parse_failure_rate, 1.0);
  EXPECT_EQ(diagnostics.tie_rate, 0.0);
}

TEST(ParseFailures, RetriesRecoverMostOccasionalFailures) {
  JudgeWorld world;
  world.add_items(200, {{"x", 0.0}, {"y", 0.0}});
  SimWorld sim_world;
  sim_world.judge.unparsable_rate = 0.3;
  SimBackend sim(sim_world);
  const JudgeSpec judge = shipped_judge("pairwise-graded.yaml");
  PairwiseOptions options;
  options.models = {"x", "y"};
  auto result = judge_pairs(world.items(), options, judge, sim, world.store(), {});
  ASSERT_TRUE(result.ok());
  // One retry leaves 0.3^2 = 9% of 400 games unread: 36, sd 5.7.
  EXPECT_GT(result->unparsed.at("sim-judge"), 18u);
  EXPECT_LT(result->unparsed.at("sim-judge"), 54u);
}

TEST(JudgePairs, AStoredJudgmentCostsNothingOnTheNextRun) {
  JudgeWorld world;
  world.add_items(10, {{"x", 0.5}, {"y", 0.0}, {"z", -0.5}});
  SimBackend sim(SimWorld{});
  CountingModel model(sim);
  const JudgeSpec judge = shipped_judge("pairwise.yaml");
  PairwiseOptions options;
  options.models = {"x", "y", "z"};
  ASSERT_TRUE(judge_pairs(world.items(), options, judge, model, world.store(), {}).ok());
  EXPECT_EQ(model.asked.size(), 60u);  // 3 pairs x 10 items x 2 orders
  EXPECT_EQ(world.judgments(judge.label()).size(), 30u);
  ASSERT_EQ(world.games(judge.label()).size(), 60u);
  ASSERT_TRUE(judge_pairs(world.items(), options, judge, model, world.store(), {}).ok());
  EXPECT_EQ(model.asked.size(), 60u);
}

TEST(JudgePairs, TheStoredJudgmentCombinesItsStoredGames) {
  JudgeWorld world;
  world.add_items(30, {{"x", 0.3}, {"y", 0.0}});
  SimBackend sim(SimWorld{});
  const JudgeSpec judge = shipped_judge("pairwise.yaml");
  PairwiseOptions options;
  options.models = {"x", "y"};
  ASSERT_TRUE(judge_pairs(world.items(), options, judge, sim, world.store(), {}).ok());
  std::map<std::string, std::vector<JudgeGame>> games_by_item;
  for (auto& g : world.games(judge.label())) games_by_item[g.item_id].push_back(g);
  for (const auto& j : world.judgments(judge.label())) {
    const auto& games = games_by_item.at(j.item_id);
    ASSERT_EQ(games.size(), 2u);
    EXPECT_TRUE(games[0].a_shown_first);
    EXPECT_EQ(j.a_first, games[0].outcome);
    EXPECT_EQ(j.b_first, games[1].outcome);
    EXPECT_EQ(j.outcome, combine_orders(j.a_first, j.b_first));
  }
}

TEST(JudgePairs, ScorePairJudgeStoresBothScoresForModelA) {
  JudgeWorld world;
  world.add_items(40, {{"x", 1.5}, {"y", -1.5}});
  SimWorld sim_world;
  sim_world.judge.position_bias = 0.0;
  SimBackend sim(sim_world);
  const JudgeSpec judge = shipped_judge("pairwise-scores.yaml");
  PairwiseOptions options;
  options.models = {"x", "y"};
  ASSERT_TRUE(judge_pairs(world.items(), options, judge, sim, world.store(), {}).ok());
  double x_total = 0, y_total = 0;
  for (const auto& g : world.games(judge.label())) {
    ASSERT_TRUE(g.score_a && g.score_b) << g.output;
    x_total += *g.score_a;
    y_total += *g.score_b;
  }
  // Scores are 6 + 1.5 x quality: about 8.25 against 3.75 per game.
  EXPECT_NEAR(x_total / 80, 8.25, 0.5);
  EXPECT_NEAR(y_total / 80, 3.75, 0.5);
  int wins = 0;
  for (const auto& j : world.judgments(judge.label())) wins += j.outcome == Outcome::kWin;
  EXPECT_GE(wins, 36);
}

TEST(JudgePairs, SingleJudgeGradesEachAnswerOnceAndComparesGrades) {
  JudgeWorld world;
  world.add_items(20, {{"x", 1.5}, {"y", 0.0}, {"z", -1.5}});
  SimBackend sim(SimWorld{});
  CountingModel model(sim);
  const JudgeSpec judge = shipped_judge("single.yaml");
  PairwiseOptions options;
  options.models = {"x", "y", "z"};
  ASSERT_TRUE(judge_pairs(world.items(), options, judge, model, world.store(), {}).ok());
  EXPECT_EQ(model.asked.size(), 60u);  // 20 items x 3 answers, not x 3 pairs x 2 orders
  const auto judgments = world.judgments(judge.label());
  ASSERT_EQ(judgments.size(), 60u);
  int x_beats_z = 0;
  for (const auto& j : judgments) x_beats_z += j.model_a == "x" && j.model_b == "z" && j.outcome == Outcome::kWin;
  EXPECT_GE(x_beats_z, 18);
}

TEST(JudgePairs, AJudgeThatCannotCompareIsAnInputError) {
  JudgeWorld world;
  SimBackend sim(SimWorld{});
  const JudgeSpec judge = shipped_judge("evol-equality.yaml");
  auto result = judge_pairs(world.items(), PairwiseOptions{}, judge, sim, world.store(), {});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("a judge of kind equality cannot compare models"), std::string::npos);
}

}  // namespace
}  // namespace evolbench

namespace evolbench {
namespace {

// Three models on 7 items with a noisy judge: 21 pairs, 42 games.
struct ThreeModels {
  ThreeModels() {
    world.add_items(7, {{"x", 0.8}, {"y", 0.0}, {"z", -0.5}});
    sim_world.judge.noise = 0.5;
    options.models = {"x", "y", "z"};
  }
  JudgeWorld world;
  SimWorld sim_world;
  PairwiseOptions options;
};

TEST(JudgeStage, AnOfferedItemIsJudgedAtOnceTheOthersWaitAndAllEndTheSame) {
  const JudgeSpec judge = shipped_judge("pairwise.yaml");
  ThreeModels offered;
  SimBackend sim(offered.sim_world);
  CountingModel model(sim);
  CallStream stream;
  auto stage = JudgeStage::open(offered.world.items(), offered.options, judge, offered.world.store(), {}, stream);
  ASSERT_TRUE(stage.ok()) << stage.error().message;
  (*stage)->offer(3);
  (*stage)->offer(5);
  stream.run(model);
  ASSERT_TRUE((*stage)->finish().ok());
  EXPECT_EQ(model.asked.size(), 12u);  // 3 pairs x 2 orders x 2 items
  const auto first = offered.world.judgments(judge.label());
  ASSERT_EQ(first.size(), 6u);
  for (const auto& j : first)
    EXPECT_TRUE(j.item_id == offered.world.items()[3].id || j.item_id == offered.world.items()[5].id) << j.item_id;

  // The rest, judged by the whole stage, asks only what is missing.
  CountingModel rest(sim);
  ASSERT_TRUE(judge_pairs(offered.world.items(), offered.options, judge, rest, offered.world.store(), {}).ok());
  EXPECT_EQ(rest.asked.size(), 30u);

  ThreeModels whole;
  SimBackend whole_sim(whole.sim_world);
  ASSERT_TRUE(judge_pairs(whole.world.items(), whole.options, judge, whole_sim, whole.world.store(), {}).ok());
  const auto in_parts = offered.world.judgments(judge.label());
  const auto at_once = whole.world.judgments(judge.label());
  ASSERT_EQ(at_once.size(), 21u);
  ASSERT_EQ(in_parts.size(), at_once.size());
  for (std::size_t i = 0; i < at_once.size(); ++i) {
    EXPECT_EQ(in_parts[i].item_id, at_once[i].item_id);
    EXPECT_EQ(in_parts[i].model_a, at_once[i].model_a);
    EXPECT_EQ(in_parts[i].outcome, at_once[i].outcome) << at_once[i].item_id;
  }
}

// An endpoint with one slot: it takes a request, answers it, and only then takes the
// next, noting the order.
class OneAtATime : public ChatModel {
 public:
  explicit OneAtATime(ChatModel& inner) : inner_(inner) {}
  std::string endpoint_kind() const override { return inner_.endpoint_kind(); }
  void complete_batch(std::span<const CompletionRequest> requests, const CompletionCallback& done) override {
    complete_stream(copies_of(requests), done);
  }
  void complete_stream(const RequestSource& next, const CompletionCallback& done) override {
    for (std::size_t i = 0;; ++i) {
      auto request = next();
      if (!request) return;
      asked.push_back(*request);
      done(i, inner_.complete(*request));
    }
  }
  std::vector<CompletionRequest> asked;

 private:
  ChatModel& inner_;
};

TEST(AnswersAndJudgeOnOneStream, AnItemIsJudgedOnceItsAnswersAreInBeforeLaterItemsAreAnswered) {
  JudgeWorld world;
  std::vector<Item> items;
  for (int i = 0; i < 3; ++i) items.push_back({"q" + std::to_string(i), "Question " + std::to_string(i) + "?", 5, "", std::nullopt});
  SimWorld sim_world;
  sim_world.answer_models = {{"x", 0.8}, {"y", -0.2}};
  SimBackend sim(sim_world);
  OneAtATime model(sim);
  const JudgeSpec judge = shipped_judge("pairwise.yaml");
  AnswerOptions answering;
  answering.models = {"x", "y"};
  PairwiseOptions judging;
  judging.models = {"x", "y"};
  CallStream stream;
  auto answers = AnswerStage::open(items, answering, world.store(), {}, stream);
  ASSERT_TRUE(answers.ok());
  auto judge_items = JudgeStage::open(items, judging, judge, world.store(), {}, stream);
  ASSERT_TRUE(judge_items.ok());
  (*answers)->on_item_answered = [&](std::size_t item) { (*judge_items)->offer(item); };
  stream.run(model, [&] { return (*answers)->ask_next_item(); });
  ASSERT_TRUE((*answers)->finish().ok());
  ASSERT_TRUE((*judge_items)->finish().ok());

  // Each item: its two answers, then its two games, then the next item.
  std::vector<std::string> order;
  for (const auto& request : model.asked)
    order.push_back(request.model == "x" || request.model == "y" ? "answer" : "game");
  const std::vector<std::string> expected = {"answer", "answer", "game", "game", "answer", "answer",
                                             "game",   "game",   "answer", "answer", "game", "game"};
  EXPECT_EQ(order, expected);
  EXPECT_EQ(world.judgments(judge.label()).size(), 3u);
}

}  // namespace
}  // namespace evolbench
