#include <gtest/gtest.h>

#include <tuple>
#include <vector>

#include "report/csv.h"
#include "report/html.h"
#include "report/markdown.h"
#include "report/results_json.h"

namespace evolbench {
namespace {

Results sample() {
  Results results;
  results.run.backend = "sim:abc";
  results.run.finished_at = "2026-01-01T00:00:00Z";
  results.run.calls_made = 12;
  results.judge = "pairwise-basic@0123";
  results.models = {"<script>alert(1)</script>", "plain"};
  results.items = 3;
  results.difficulty_histogram = {{2, 1}, {9, 2}};
  PairResult pair;
  pair.model = results.models[0];
  pair.opponent = "plain";
  pair.overall.tally = {2, 0, 1};
  pair.overall.ci95 = win_rate_interval(pair.overall.tally);
  pair.by_bucket["hard"].tally = {2, 0, 0};
  pair.by_difficulty[9].tally = {2, 0, 0};
  pair.unparsed = 1;
  results.pairs.push_back(pair);
  results.leaderboard.push_back({results.models[0], 2.0 / 3, 3});
  return results;
}

TEST(Csv, QuotesOnlyWhatRfc4180Requires) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_row({"a", "b,c"}), "a,\"b,c\"\r\n");
}

TEST(Csv, LeaderboardHasHeaderAndOneRowPerModel) {
  EXPECT_EQ(leaderboard_csv(sample()),
            "rank,model,elo,elo_ci95_low,elo_ci95_high,anchor,win_rate_vs_anchor,win_rate_ci95_low,"
            "win_rate_ci95_high,lc_win_rate,mean_win_rate,n,unparsed\r\n"
            "1,<script>alert(1)</script>,,,,,,,,,0.6667,3,1\r\n");
}

TEST(Csv, LeaderboardGivesRatingAndWinRateAgainstTheAnchor) {
  Results results = sample();
  results.ratings_anchor = "plain";
  results.ratings = {{results.models[0], 1100.0, {1050.0, 1150.0}, 0.64}};
  results.pairs[0].bootstrap_ci95 = {0.25, 1.0};
  results.pairs[0].lc_win_rate = 0.6;
  const std::string csv = leaderboard_csv(results);
  EXPECT_NE(csv.find("1,<script>alert(1)</script>,1100.0000,1050.0000,1150.0000,plain,0.6667,0.2500,"
                     "1.0000,0.6000,0.6667,3,1\r\n"),
            std::string::npos)
      << csv;
}

TEST(Csv, BySkillHasOneRowPerPairAndSkill) {
  Results results = sample();
  results.pairs[0].by_skill["code, hard"].tally = {1, 1, 0};
  EXPECT_EQ(by_skill_csv(results),
            "model,opponent,skill,n,wins,ties,losses,win_rate,ci95_low,ci95_high,small\r\n"
            "<script>alert(1)</script>,plain,\"code, hard\",2,1,1,0,0.7500,0.0000,0.0000,yes\r\n");
}

TEST(Csv, JudgmentsHaveBothOrdersAndTheOutcome) {
  JudgedItem item;
  item.judgment = {"item \"7\"", "a", "b", "j@1", Outcome::kWin, Outcome::kTie, Outcome::kTie};
  item.difficulty = 7;
  item.skill = "math";
  item.length_a = 120;
  item.length_b = 80;
  EXPECT_EQ(judgments_csv({item}),
            "item_id,model_a,model_b,difficulty,skill,a_first,b_first,outcome,length_a,length_b\r\n"
            "\"item \"\"7\"\"\",a,b,7,math,win,tie,tie,120,80\r\n");
}

TEST(Csv, ByDifficultyListsBucketsThenLevels) {
  const std::string csv = by_difficulty_csv(sample());
  EXPECT_NE(csv.find(",plain,bucket,hard,2,2,0,0,1.0000,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",plain,level,9,2,2,0,0,1.0000,"), std::string::npos) << csv;
  EXPECT_LT(csv.find("bucket,hard"), csv.find("level,9"));
}

TEST(Html, EscapesEverySpecialCharacter) {
  EXPECT_EQ(html_escape("<a href=\"x\">&'</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
}

TEST(Html, ModelNamesNeverReachThePageUnescaped) {
  const std::string html = report_html(sample());
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST(Html, IsSelfContainedAndHasEverySection) {
  const std::string html = report_html(sample());
  for (const char* section : {"id=\"summary\"", "id=\"leaderboard\"", "id=\"by-difficulty\"",
                              "id=\"by-bucket\"", "id=\"by-skill\"", "id=\"pairs\"", "id=\"ratings\"",
                              "id=\"testset\"", "id=\"judge\"", "id=\"items\""})
    EXPECT_NE(html.find(section), std::string::npos) << section;
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_NE(html.find("Simulated run"), std::string::npos);  // sim results say so
}

// Texts a model or a data file could hold that would break a page that did not escape.
const std::string kHostile[] = {
    "</script><script>document.body.setAttribute('data-pwned','yes')</script>",
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','yes')\">",
    "</textarea><a href=\"javascript:alert(1)\">click</a>",
    "' onmouseover='alert(1)' x='",
};

Results hostile() {
  Results results = sample();
  for (const auto& text : kHostile) {
    BrowserItem item;
    item.item_id = text;
    item.instruction = text;
    item.skill = text;
    item.model_a = text;
    item.model_b = "plain";
    item.answer_a = text;
    item.answer_b = text + std::string(50000, 'W');
    item.judge_text_a_first = text;
    item.outcome = Outcome::kWin;
    results.browser.push_back(item);
  }
  results.browser_total = 4;
  results.judge = kHostile[0];
  results.ratings_anchor = kHostile[1];
  return results;
}

TEST(Html, HostileTextsNeverBecomeMarkup) {
  const std::string html = report_html(hostile());
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("</textarea>"), std::string::npos);
  EXPECT_EQ(html.find("href=\"javascript"), std::string::npos);
  EXPECT_EQ(html.find("onmouseover='"), std::string::npos);
  // Exactly one script element, the report's own, and it is the last thing in the body.
  const auto script = html.find("<script>");
  ASSERT_NE(script, std::string::npos);
  EXPECT_EQ(html.find("<script>", script + 1), std::string::npos);
  EXPECT_EQ(html.find("</script>"), html.rfind("</script>"));
  EXPECT_NE(html.find("&lt;/script&gt;&lt;script&gt;document.body.setAttribute(&#39;data-pwned&#39;"),
            std::string::npos);
}

TEST(Html, BrowserShowsBothAnswersAndVerdicts) {
  Results results = sample();
  BrowserItem item;
  item.item_id = "i1";
  item.instruction = "Name a prime.";
  item.difficulty = 4;
  item.skill = "math";
  item.model_a = results.models[0];
  item.model_b = "plain";
  item.answer_a = "Seven.";
  item.answer_b = "Nine.";
  item.a_first = Outcome::kWin;
  item.b_first = Outcome::kTie;
  item.outcome = Outcome::kTie;
  item.judge_text_a_first = "A is right. [[A]]";
  results.browser = {item};
  results.browser_total = 1;
  const std::string html = report_html(results);
  for (const char* text : {"Name a prime.", "Seven.", "Nine.", "A is right. [[A]]", "data-outcome=\"tie\"",
                           "data-difficulty=\"4\"", "the judge's text is not in the store"})
    EXPECT_NE(html.find(text), std::string::npos) << text;
}

TEST(Html, BrowserStatesItsCapWhenRunsAreLarger) {
  Results results = hostile();
  results.browser_total = 25000;
  EXPECT_NE(report_html(results).find("Showing 4 of 25000 judgments"), std::string::npos);
}

TEST(Html, DiagnosticsCountOrderConsistencyAndFirstPosition) {
  Results results = sample();
  BrowserItem consistent, flipped;
  consistent.a_first = consistent.b_first = Outcome::kWin;  // A wins shown first and second
  flipped.a_first = Outcome::kWin;                           // A wins shown first,
  flipped.b_first = Outcome::kLoss;                          // B wins shown first: position-driven
  results.browser = {consistent, flipped};
  const std::string html = report_html(results);
  // 1 of 2 items consistent; of 4 decisive games the first-shown answer won 3.
  EXPECT_NE(html.find("<th>Position consistency</th><td>50.0%</td>"), std::string::npos);
  EXPECT_NE(html.find("<th>First-position share</th><td>75.0%</td>"), std::string::npos);
}

TEST(Html, DrawsRatingsAndCapacityWhenPresent) {
  Results results = sample();
  results.ratings_anchor = "plain";
  results.ratings = {{results.models[0], 1100.0, {1050.0, 1150.0}, 0.64}, {"plain", 1000.0, {1000.0, 1000.0}, 0.5}};
  Capacity capacity;
  capacity.model = results.models[0];
  capacity.reference = "plain";
  capacity.overall = {20, 130.0, 100.0, 1.3, {1.1, 1.5}};
  results.capacity = {capacity};
  results.difficulty_by_round = {{0, {{2, 5}}}, {1, {{4, 3}}}};
  const std::string html = report_html(results);
  EXPECT_NE(html.find("aria-label=\"ratings with 95% intervals\""), std::string::npos);
  EXPECT_NE(html.find("WizardLM capacity"), std::string::npos);
  EXPECT_NE(html.find("130.0%"), std::string::npos);
  EXPECT_NE(html.find(">round 1</text>"), std::string::npos);
}

TEST(Markdown, CellsCannotBreakTheTableOrCarryHtml) {
  EXPECT_EQ(markdown_cell("a|b<img src=x>\nc"), "a\\|b&lt;img src=x&gt; c");
}

TEST(Markdown, SummaryListsEveryModelAgainstTheAnchor) {
  Results results = sample();
  results.ratings_anchor = "plain";
  results.ratings = {{results.models[0], 1100.0, {1050.0, 1150.0}, 0.64}};
  results.leaderboard.push_back({"plain", 1.0 / 3, 3});
  const std::string md = summary_markdown(results);
  EXPECT_NE(md.find("| 1 | &lt;script&gt;alert(1)&lt;/script&gt; | 1100 [1050, 1150] | 66.7%"), std::string::npos) << md;
  EXPECT_NE(md.find("| 2 | plain | - | anchor |"), std::string::npos) << md;
  EXPECT_NE(md.find("Simulated run"), std::string::npos);
}

TEST(ResultsJson, RoundTrips) {
  const Results original = sample();
  auto back = parse_results(results_to_json(original), "results.json");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->models, original.models);
  EXPECT_EQ(back->run.calls_made, 12);
  ASSERT_EQ(back->pairs.size(), 1u);
  EXPECT_EQ(back->pairs[0].overall.tally.wins, 2);
  EXPECT_EQ(back->pairs[0].unparsed, 1);
  EXPECT_EQ(back->pairs[0].by_difficulty.at(9).tally.wins, 2);
  EXPECT_DOUBLE_EQ(back->pairs[0].overall.ci95.low, original.pairs[0].overall.ci95.low);
  EXPECT_EQ(back->difficulty_histogram, original.difficulty_histogram);
}

TEST(ResultsJson, RoundTripsBrowserCapacityAndCost) {
  Results original = hostile();
  original.run.cost_usd = 1.25;
  Capacity capacity;
  capacity.model = "a";
  capacity.reference = "b";
  capacity.overall = {20, 130.0, 100.0, 1.3, {1.1, 1.5}};
  capacity.by_skill["math"] = {10, 60.0, 50.0, 1.2, {1.0, 1.4}};
  capacity.by_difficulty[7] = {5, 30.0, 20.0, 1.5, {1.2, 1.9}};
  original.capacity = {capacity};
  original.difficulty_by_round = {{1, {{4, 3}, {6, 2}}}};
  auto back = parse_results(results_to_json(original), "results.json");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_DOUBLE_EQ(back->run.cost_usd, 1.25);
  ASSERT_EQ(back->browser.size(), 4u);
  EXPECT_EQ(back->browser_total, 4);
  EXPECT_EQ(back->browser[1].answer_b, original.browser[1].answer_b);
  EXPECT_EQ(back->browser[0].outcome, Outcome::kWin);
  EXPECT_EQ(back->browser[0].judge_text_a_first, kHostile[0]);
  ASSERT_EQ(back->capacity.size(), 1u);
  EXPECT_DOUBLE_EQ(back->capacity[0].overall.ratio, 1.3);
  EXPECT_DOUBLE_EQ(back->capacity[0].by_skill.at("math").ci95.high, 1.4);
  EXPECT_EQ(back->capacity[0].by_difficulty.at(7).n, 5);
  EXPECT_EQ(back->difficulty_by_round, original.difficulty_by_round);
}

TEST(ResultsJson, OtherSchemaIsRefused) {
  auto parsed = parse_results(R"({"schema": 99})", "old.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message, "old.json: results schema 99, this evolbench reads schema 1");
}

TEST(ResultsJson, MissingFieldNamesWhere) {
  std::string text = results_to_json(sample());
  text.replace(text.find("\"opponent\""), 10, "\"rival\"");
  auto parsed = parse_results(text, "r.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message, "r.json: field 'pairs[0].opponent': missing");
}

TEST(BadInputFinding11, TruncatedResultsJsonSaysNotValidJsonAtByte) {
  const std::string text = results_to_json(sample());
  const std::string truncated = text.substr(0, text.size() / 2);
  auto parsed = parse_results(truncated, "results.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().kind, Error::Kind::kInput);
  const std::string message = parsed.error().message;
  // The input ends early: the parser stops one byte past its end.
  EXPECT_EQ(message.rfind("results.json: not valid JSON at byte " + std::to_string(truncated.size() + 1) + ": ", 0),
            0u) << message;
  EXPECT_EQ(message.find("json.exception"), std::string::npos) << message;
}

TEST(BadInputFinding11, MistypedResultsFieldIsNamedByItsPath) {
  const auto mistyped = [](const std::string& from, const std::string& to) {
    std::string text = results_to_json(sample());
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return parse_results(text.replace(at, from.size(), to), "results.json");
  };
  for (const auto& [from, to, message] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"\"wins\": 2", "\"wins\": \"2\"",
            "results.json: field 'pairs[0].wins': expected an integer, got string \"2\""},
           {"\"n\": 3", "\"n\": 3.5", "results.json: field 'pairs[0].n': expected an integer, got number 3.5"},
           {"\"n\": 3", "\"n\": 4", "results.json: field 'pairs[0].n': expected wins + ties + losses = 3"},
           {"\"models\": [", "\"models\": 7, \"x\": [",
            "results.json: field 'models': expected an array, got number 7"},
           {"\"9\": 2", "\"nine\": 2",
            "results.json: field 'testset.difficulty_histogram': key 'nine' is not a whole number"}}) {
    auto parsed = mistyped(from, to);
    ASSERT_FALSE(parsed.ok()) << from;
    EXPECT_EQ(parsed.error().kind, Error::Kind::kInput);
    EXPECT_EQ(parsed.error().message, message);
  }
}

}  // namespace
}  // namespace evolbench
