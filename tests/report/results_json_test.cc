// results.json files written by earlier evolbench versions still read. The schema 1
// file is `evolbench demo --seed 7` as schema 1's writer wrote it, trimmed to two pairs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/files.h"
#include "report/results_json.h"

namespace evolbench {
namespace {

const std::string kSchema1File = std::string(EVOLBENCH_SOURCE_DIR) + "/tests/report/data/results_schema1.json";

TEST(ResultsSchema1, FileReadsWithItsValues) {
  auto read = read_results(kSchema1File);
  ASSERT_TRUE(read.ok()) << read.error().message;
  const Results& results = *read;
  EXPECT_EQ(results.schema, 1);
  EXPECT_EQ(results.run.backend, "sim:445439c8378a");
  EXPECT_EQ(results.run.calls_made, 773);
  EXPECT_EQ(results.run.calls_cached, 1);
  ASSERT_TRUE(results.run.simulated_models);
  EXPECT_EQ(results.run.simulated_models->size(), 7u);
  ASSERT_TRUE(results.run.total);
  EXPECT_EQ(results.run.total->prompt_tokens, 218740);
  EXPECT_EQ(results.judge, "pairwise-basic@94d04578fa91");
  EXPECT_EQ(results.orders, kOrdersBoth);
  ASSERT_EQ(results.judge_diagnostics.judges.size(), 1u);
  EXPECT_EQ(results.judge_diagnostics.judges[0].both_orders, 171);
  EXPECT_DOUBLE_EQ(results.judge_diagnostics.judges[0].position_consistency, 0.47953216374269003);
  EXPECT_EQ(results.models, (std::vector<std::string>{"sim-strong", "sim-mid", "sim-weak"}));
  EXPECT_EQ(results.items, 57);
  ASSERT_EQ(results.item_ids.size(), 57u);
  EXPECT_EQ(results.item_ids[0], "seed-25");
  EXPECT_EQ(results.difficulty_histogram.at(4), 10);
  EXPECT_EQ(results.difficulty_by_round.at(1).at(7), 9);
  ASSERT_EQ(results.testset_strata.size(), 3u);
  EXPECT_EQ(results.testset_strata[2].stratum, "hard");
  EXPECT_EQ(results.testset_strata[2].got, 17);

  ASSERT_EQ(results.pairs.size(), 2u);
  const PairResult& pair = results.pairs[0];
  EXPECT_EQ(pair.model, "sim-strong");
  EXPECT_EQ(pair.opponent, "sim-mid");
  EXPECT_EQ(pair.overall.tally.wins, 15);
  EXPECT_EQ(pair.overall.tally.ties, 32);
  EXPECT_EQ(pair.overall.tally.losses, 10);
  EXPECT_DOUBLE_EQ(pair.overall.tally.win_rate(), (15 + 32 / 2.0) / 57);
  EXPECT_DOUBLE_EQ(pair.overall.ci95.low, 0.41590685979119335);
  EXPECT_DOUBLE_EQ(pair.overall.ci95.high, 0.6662739441690716);
  EXPECT_EQ(pair.by_bucket.at("hard").tally.wins, 8);
  EXPECT_EQ(pair.by_difficulty.at(7).tally.ties, 7);
  EXPECT_EQ(pair.by_skill.size(), 2u);
  EXPECT_EQ(pair.by_skill.at("math").tally.ties, 6);
  EXPECT_DOUBLE_EQ(pair.bootstrap_ci95.high, 0.631578947368421);
  EXPECT_DOUBLE_EQ(pair.sign_test_p_holm, 0.4243562221527105);
  ASSERT_TRUE(pair.lc_win_rate);
  EXPECT_DOUBLE_EQ(*pair.lc_win_rate, 0.5219804605373972);
  ASSERT_TRUE(pair.difficulty_effect);
  EXPECT_DOUBLE_EQ(pair.difficulty_effect->slope, 0.15153180653935205);
  EXPECT_DOUBLE_EQ(pair.difficulty_effect->slope_ci95.low, -0.07611143404725576);
  EXPECT_DOUBLE_EQ(pair.difficulty_effect->win_rate_by_level.at(10), 0.6902020861424019);
  EXPECT_FALSE(pair.soft_win_rate);
  // The same items seen from the other model: wins and losses swap.
  EXPECT_EQ(results.pairs[1].model, "sim-mid");
  EXPECT_EQ(results.pairs[1].overall.tally.wins, 10);
  EXPECT_EQ(results.pairs[1].overall.tally.losses, 15);

  ASSERT_EQ(results.leaderboard.size(), 3u);
  EXPECT_EQ(results.leaderboard[0].model, "sim-strong");
  EXPECT_DOUBLE_EQ(results.leaderboard[0].mean_win_rate, 0.6228070175438596);
  EXPECT_EQ(results.leaderboard[0].n, 114);
  EXPECT_EQ(results.ratings_anchor, "sim-strong");
  EXPECT_EQ(results.bootstrap_rounds, 1000);
  ASSERT_EQ(results.ratings.size(), 3u);
  EXPECT_EQ(results.ratings[1].model, "sim-mid");
  EXPECT_DOUBLE_EQ(results.ratings[1].elo, 966.0704391711931);
  EXPECT_DOUBLE_EQ(results.ratings[1].ci95.low, 912.837289723837);
  EXPECT_DOUBLE_EQ(results.ratings[1].ci95.high, 1013.072004998223);
  EXPECT_TRUE(results.capacity.empty());
  EXPECT_EQ(results.browser_total, 171);
  ASSERT_EQ(results.browser.size(), 2u);
  EXPECT_EQ(results.browser[0].item_id, "043b980203db");
  EXPECT_EQ(results.browser[0].outcome, Outcome::kWin);
}

TEST(ResultsSchema1, RewrittenAsSchema2DiffersOnlyInTheSchemaNumber) {
  auto file = read_file(kSchema1File);
  ASSERT_TRUE(file.ok()) << file.error().message;
  auto read = parse_results(*file, kSchema1File);
  ASSERT_TRUE(read.ok()) << read.error().message;
  std::string expected = *file;
  expected.replace(expected.find("\"schema\": 1,"), 12, "\"schema\": 2,");
  EXPECT_EQ(results_to_json(*read), expected);
}

TEST(ResultsSchema1, RewrittenAsSchema2ReadsBackEqual) {
  auto first = read_results(kSchema1File);
  ASSERT_TRUE(first.ok()) << first.error().message;
  const std::string text = results_to_json(*first);
  auto again = parse_results(text, "results.json");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->schema, 2);
  Results expected = *first;
  expected.schema = kResultsSchema;  // written as the current schema
  EXPECT_TRUE(*again == expected) << text;
}

}  // namespace
}  // namespace evolbench

namespace evolbench {
namespace {

// A pair's judge-repeat figures are written under pairs[].repeats, with the stability
// share for readers, and read back equal; a pair without repeats writes none.
TEST(ResultsRepeats, APairsRepeatFiguresReadBackEqual) {
  auto results = read_results(kSchema1File);
  ASSERT_TRUE(results.ok()) << results.error().message;
  ASSERT_GE(results->pairs.size(), 2u);
  results->schema = kResultsSchema;
  RepeatFigures figures;
  figures.repeats = 3;
  figures.win_rate = 0.55;
  figures.one_level_ci95 = {0.45, 0.65};
  figures.two_level_ci95 = {0.43, 0.67};
  figures.judge_noise_sd = 0.021;
  figures.games = 40;
  figures.stable_games = 30;
  figures.stability_ci95 = {0.6, 0.88};
  results->pairs[0].repeats = figures;
  const std::string text = results_to_json(*results);
  EXPECT_NE(text.find("\"stability\": 0.75"), std::string::npos);
  const auto json = nlohmann::json::parse(text);
  EXPECT_FALSE(json["pairs"][1].contains("repeats"));
  auto again = parse_results(text, "results.json");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(*again == *results) << text;
}

}  // namespace
}  // namespace evolbench
