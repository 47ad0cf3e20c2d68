#include <gtest/gtest.h>

#include <tuple>
#include <vector>

#include "report/csv.h"
#include "report/html.h"
#include "report/html_parts.h"
#include "report/markdown.h"
#include "report/results_json.h"
#include "report/terminal.h"

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
  item.style_a.length = 120;
  item.style_b.length = 80;
  JudgedItem second_turn = item;
  second_turn.judgment.turn = 2;
  second_turn.judgment.outcome = Outcome::kLoss;
  EXPECT_EQ(judgments_csv({item, second_turn}),
            "item_id,model_a,model_b,difficulty,skill,a_first,b_first,outcome,length_a,length_b,turn\r\n"
            "\"item \"\"7\"\"\",a,b,7,math,win,tie,tie,120,80,1\r\n"
            "\"item \"\"7\"\"\",a,b,7,math,win,tie,loss,120,80,2\r\n");
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

// A run whose judge repeated its games has a Judge repeats table, names escaped; one
// without has none.
TEST(Html, JudgeRepeatsTableShowsBothIntervalsAndStability) {
  EXPECT_EQ(report_html(sample()).find("Judge repeats"), std::string::npos);
  Results results = sample();
  RepeatFigures figures;
  figures.repeats = 3;
  figures.win_rate = 0.6;
  figures.one_level_ci95 = {0.5, 0.7};
  figures.two_level_ci95 = {0.45, 0.75};
  figures.judge_noise_sd = 0.02;
  figures.games = 6;
  figures.stable_games = 3;
  figures.stability_ci95 = {0.25, 0.8};
  results.pairs[0].repeats = figures;
  const std::string html = report_html(results);
  const auto table = html.find("<h3>Judge repeats</h3>");
  ASSERT_NE(table, std::string::npos);
  const std::string section = html.substr(table, html.find("</table>", table) - table);
  EXPECT_NE(section.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(section.find("<script>"), std::string::npos);
  EXPECT_NE(section.find("[50.0%, 70.0%]"), std::string::npos);
  EXPECT_NE(section.find("[45.0%, 75.0%]"), std::string::npos);
  EXPECT_NE(section.find("3 of 6 games"), std::string::npos);
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

// The texts of the SVG elements of class `css_class`, in page order.
std::vector<std::string> svg_texts(const std::string& html, const std::string& css_class) {
  std::vector<std::string> texts;
  const std::string open = "<text class=\"" + css_class + "\"";
  for (auto at = html.find(open); at != std::string::npos; at = html.find(open, at + 1)) {
    const auto start = html.find('>', at) + 1;
    texts.push_back(html.substr(start, html.find("</text>", start) - start));
  }
  return texts;
}

TEST(ReportFinding12, SkillHeatMapScrollsInsideItsOwnBox) {
  Results results = sample();
  for (int i = 0; i < 40; ++i) results.pairs[0].by_skill["skill-" + std::to_string(i)].tally = {3, 0, 9};
  const std::string html = report_html(results);
  const std::string skills = html.substr(html.find("<section id=\"by-skill\">"));
  EXPECT_EQ(skills.find("<div class=\"scroll\"><table class=\"heat sortable\">"), skills.find("<div"));
  EXPECT_NE(html.find(".scroll{overflow-x:auto;max-width:100%}"), std::string::npos);
}

TEST(ReportFinding12, FewItemsAreOutlinedNotRedAndTheLegendSaysSo) {
  const std::string html = report_html(sample());  // the hard bucket has 2 items
  EXPECT_NE(html.find("class=\"few\" title=\"95% Wilson"), std::string::npos);
  EXPECT_EQ(html.find("class=\"small\""), std::string::npos);
  EXPECT_EQ(html.find("#a33"), std::string::npos);  // red text is gone: red is a low win rate only
  EXPECT_NE(html.find("<p class=\"legend\">win rate: <span><span class=\"swatch\" style=\"background:#e87676\">"
                      "</span>0.0%</span>"),
            std::string::npos);
  EXPECT_NE(html.find("<span class=\"swatch few\"></span>fewer than 10 items</span></p>"), std::string::npos);
}

TEST(ReportFinding12, ForestPlotTicksAreRound) {
  // Ratings 1050..1150 and the anchor's 1000, plus margins: the axis spans 988..1162,
  // a step of at least 174 / 5 = 34.8 rounds to 50.
  Results results = sample();
  results.ratings_anchor = "plain";
  results.ratings = {{results.models[0], 1100.0, {1050.0, 1150.0}, 0.64}, {"plain", 1000.0, {1000.0, 1000.0}, 0.5}};
  EXPECT_EQ(svg_texts(report_html(results), "tick"), (std::vector<std::string>{"1000", "1050", "1100", "1150"}));
  EXPECT_EQ(html::round_ticks(0.0, 0.93, 5), (std::vector<double>{0.0, 0.2, 0.4, 0.6000000000000001, 0.8}));
  EXPECT_EQ(html::round_ticks(-37.0, 412.0, 5), (std::vector<double>{0.0, 100.0, 200.0, 300.0, 400.0}));
}

TEST(ReportFinding12, IntervalsStayOnOneLine) {
  Results results = sample();
  results.ratings_anchor = "plain";
  results.ratings = {{results.models[0], 1100.0, {1050.0, 1150.0}, 0.64}};
  const std::string html = report_html(results);
  EXPECT_NE(html.find(".interval{white-space:nowrap}"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"interval\" data-v=\"1050.0\">[1050, 1150]</td>"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"muted interval\">[" + percent(results.pairs[0].overall.ci95.low)),
            std::string::npos);
}

BrowserItem browser_item(Outcome a_first, Outcome b_first, Outcome outcome) {
  BrowserItem item;
  item.item_id = "i1";
  item.model_a = "alpha";
  item.model_b = "beta";
  item.a_first = a_first;
  item.b_first = b_first;
  item.outcome = outcome;
  item.judge_text_a_first = "Answer A is better. [[A]]";
  item.judge_text_b_first = "Answer A is better. [[A]]";
  return item;
}

TEST(ReportFinding12, BrowserSaysWhichModelSatInWhichPosition) {
  // The judge preferred answer A both times: alpha when alpha was shown first, beta
  // when beta was. For alpha that is a win, then a loss: a tie.
  Results results = sample();
  results.browser = {browser_item(Outcome::kWin, Outcome::kLoss, Outcome::kTie)};
  const std::string html = report_html(results);
  EXPECT_NE(html.find("<b>alpha shown first (as answer A), beta second (as B):</b> alpha wins<pre"), std::string::npos);
  EXPECT_NE(html.find("<b>beta shown first (as answer A), alpha second (as B):</b> beta wins<pre"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"tag\">tie</span>"), std::string::npos);
  EXPECT_EQ(html.find("<h4>A: "), std::string::npos);
  EXPECT_EQ(html.find("A shown first"), std::string::npos);
  results.browser[0].outcome = Outcome::kLoss;
  EXPECT_NE(report_html(results).find("<span class=\"tag\">beta wins</span>"), std::string::npos);
}

JudgeModelDiagnostics judge_model(const std::string& name, int both_orders) {
  JudgeModelDiagnostics d;
  d.judge_model = name;
  d.games = 40;
  d.unparsed = 2;
  d.parse_failure_rate = 0.05;
  d.both_orders = both_orders;
  d.position_consistency = both_orders ? 0.8 : 0.0;
  d.position_consistency_ci95 = {0.6, 0.9};
  d.decisive_games = 30;
  d.first_position_win_share = 0.6;
  d.first_position_win_share_ci95 = {0.42, 0.75};
  d.tie_rate = 0.25;
  d.mean_verdict_words = 41.5;
  return d;
}

TEST(ReportFinding12, OneRandomOrderIsNotCalledBothOrdersAndConsistencyIsNotMeasured) {
  Results results = sample();
  results.orders = kOrdersOneRandom;
  results.judge_diagnostics.judges = {judge_model("gpt-judge", 0)};
  results.browser = {browser_item(Outcome::kWin, Outcome::kUnparsed, Outcome::kWin)};
  results.browser[0].judge_text_b_first.clear();
  const std::string html = report_html(results);
  EXPECT_EQ(html.find("both orders"), std::string::npos);
  EXPECT_NE(html.find("over items judged in one random order each"), std::string::npos);
  EXPECT_NE(html.find("Each item is judged in one order, drawn at random"), std::string::npos);
  EXPECT_NE(html.find("(as B):</b> <span class=\"muted\">not asked: one order per item (orders: one-random)"),
            std::string::npos);
  EXPECT_NE(html.find("<td>0</td><td>not measured (one order per item)</td>"), std::string::npos);
  EXPECT_NE(html.find("<th>Position consistency</th><td>not measured (one order per item)</td>"), std::string::npos);

  const std::string json = results_to_json(results);
  EXPECT_NE(json.find("\"orders\": \"one-random\""), std::string::npos);
  EXPECT_NE(json.find("\"position_consistency\": null"), std::string::npos) << json;
  auto back = parse_results(json, "results.json");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->orders, kOrdersOneRandom);
  EXPECT_EQ(back->judge_diagnostics.judges[0].both_orders, 0);
}

TEST(ReportFinding12, BothOrdersIsSaidAndMeasured) {
  Results results = sample();
  results.judge_diagnostics.judges = {judge_model("gpt-judge", 20)};
  const std::string html = report_html(results);
  EXPECT_NE(html.find("over items judged in both orders"), std::string::npos);
  EXPECT_NE(html.find("<td>20</td><td>80.0% <span class=\"muted interval\">[60.0%, 90.0%]</span></td>"),
            std::string::npos);
  EXPECT_EQ(parse_results(results_to_json(results), "r.json")->orders, kOrdersBoth);
}

TEST(ReportFinding12, PanelShowsEachJudgeAndHumanAgreement) {
  Results results = sample();
  results.judge_diagnostics.judges = {judge_model("judge-<1>", 20), judge_model("judge-2", 20)};
  results.judge_diagnostics.agreement = {{.rater_a = "judge-<1>", .rater_b = "judge-2", .n = 30, .agreement = 0.7,
                                           .kappa = 0.45, .n_without_ties = 20, .agreement_without_ties = 0.85,
                                           .kappa_without_ties = 0.7}};
  // Kappa undefined: one rater gave one label only.
  results.judge_diagnostics.human_agreement = {{.rater_a = "panel", .rater_b = "human", .n = 12, .agreement = 0.75,
                                                 .kappa = std::nullopt, .n_without_ties = 9,
                                                 .agreement_without_ties = 1.0, .kappa_without_ties = std::nullopt}};
  const std::string html = report_html(results);
  EXPECT_NE(html.find("<h3>Judge models</h3>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"name\">judge-&lt;1&gt;</td><td>40</td><td>2 (5.0%)</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"name\">judge-2</td><td>40</td>"), std::string::npos);
  EXPECT_NE(html.find("<h3>Agreement between judges</h3>"), std::string::npos);
  EXPECT_NE(html.find("<td>30</td><td>70.0%</td><td>0.450</td><td>20</td><td>85.0%</td><td>0.700</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<h3>Agreement with human labels</h3>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"name\">panel</td><td class=\"name\">human</td><td>12</td><td>75.0%</td>"
                      "<td>-</td><td>9</td><td>100.0%</td><td>-</td>"),
            std::string::npos);
}

Results unlabelled() {
  Results results = sample();
  results.difficulty_histogram.clear();
  results.pairs[0].by_bucket.clear();
  results.pairs[0].by_difficulty.clear();
  results.ratings_anchor = "plain";
  return results;
}

TEST(ReportFinding12, NoDifficultyLabelsSaysWhyAndHowToScore) {
  const std::string note =
      "The test set has no difficulty labels; grade them with evolbench testset score TESTSET --out SCORED (any "
      "endpoint, cached and resumable), evolve the test set with evolbench, or add a difficulty 1-10 field to each "
      "item.";
  const std::string html = report_html(unlabelled());
  for (const char* section : {"by-difficulty", "by-bucket", "testset"}) {
    const auto at = html.find(std::string("<section id=\"") + section + "\">");
    const std::string body = html.substr(at, html.find("</section>", at) - at);
    EXPECT_NE(body.find("<p class=\"note\">" + note + "</p>"), std::string::npos) << section;
    EXPECT_EQ(body.find("<svg"), std::string::npos) << section;
    EXPECT_EQ(body.find("<table"), std::string::npos) << section;
  }
  const std::string md = summary_markdown(unlabelled());
  EXPECT_NE(md.find("> " + note + "\n"), std::string::npos) << md;
  EXPECT_EQ(md.find("| model | easy |"), std::string::npos) << md;
  // Labelled items: no note.
  EXPECT_EQ(report_html(sample()).find("no difficulty label"), std::string::npos);
}

TEST(ReportFinding12, PartlyLabelledTestSetSaysHowManyAreLeftOut) {
  Results results = sample();
  results.items = 5;  // 3 labelled
  EXPECT_NE(report_html(results).find("<p class=\"note\">2 of 5 items have no difficulty label and are left out "
                                      "of the difficulty charts; grade them with evolbench testset score"),
            std::string::npos);
}

TEST(ReportFinding12, CliTableNamesTheMeanWinRateAsTheReportDoes) {
  // sample(): the first model's mean win rate is 2/3; the report calls it "Mean win rate".
  const std::string text = leaderboard_text(sample(), {});
  EXPECT_NE(text.find("rank model                mean win rate  n"), std::string::npos) << text;
  EXPECT_NE(text.find("  1    <script>alert(1)</script> 66.7%          3"), std::string::npos) << text;
  EXPECT_NE(report_html(sample()).find("<th>Mean win rate</th>"), std::string::npos);
  EXPECT_NE(leaderboard_text(sample(), {"plain", "<script>alert(1)</script>"}).find("true rank"), std::string::npos);
}

TEST(Markdown, CellsCannotBreakTheTableOrCarryHtml) {
  EXPECT_EQ(markdown_cell("a|b<img src=x>\nc &amp;"), "a\\|b\\<img src=x> c \\&amp;");
}

TEST(Markdown, SummaryListsEveryModelAgainstTheAnchor) {
  Results results = sample();
  results.ratings_anchor = "plain";
  results.ratings = {{results.models[0], 1100.0, {1050.0, 1150.0}, 0.64}};
  results.leaderboard.push_back({"plain", 1.0 / 3, 3});
  const std::string md = summary_markdown(results);
  EXPECT_NE(md.find("| 1 | \\<script>alert(1)\\</script> | 1100 [1050, 1150] | 66.7%"), std::string::npos) << md;
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

// Style control, when a run has it: written, read back equal, and shown beside the
// plain rating in the report and the summary.
Results with_style_control() {
  Results results = sample();
  results.ratings_anchor = "plain";
  results.ratings = {{results.models[0], 1100.0, {1050.0, 1150.0}, 0.64}, {"plain", 1000.0, {1000.0, 1000.0}, 0.5}};
  results.leaderboard.push_back({"plain", 1.0 / 3, 3});
  results.style_control = StyleControl{
      .features = {"length", "markdown_density"},
      .coefficients = {{"length", 0.42, {0.2, 0.61}}, {"markdown_density", 0.8, {0.5, 1.1}}},
      .ratings = {{results.models[0], 1042.0, {990.0, 1093.0}, 0.56}, {"plain", 1000.0, {1000.0, 1000.0}, 0.5}}};
  return results;
}

TEST(ResultsJson, StyleControlIsWrittenOnlyWhenPresentAndReadsBackEqual) {
  const Results original = with_style_control();
  auto back = parse_results(results_to_json(original), "results.json");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->style_control, original.style_control);
  EXPECT_EQ(results_to_json(sample()).find("style_control"), std::string::npos);
  auto without = parse_results(results_to_json(sample()), "results.json");
  ASSERT_TRUE(without.ok()) << without.error().message;
  EXPECT_FALSE(without->style_control);
}

// A judge that grades its own family: written, read back equal (an entry without a
// panel has null `others`), and flagged in the report.
TEST(ResultsJson, SelfPreferenceReadsBackEqualAndIsFlagged) {
  Results original = sample();
  const WinTally own{30, 5, 15}, others{20, 5, 25};
  original.families = {{"gpt-judge", "gpt"}, {"gpt-mini", "gpt"}, {"claude-mini", "claude"}};
  original.self_preference = {
      {.judge = "gpt-judge",
       .family = "gpt",
       .left_out = true,
       .own = {own, win_rate_interval(own)},
       .others = Stratum{others, win_rate_interval(others)},
       .pairs = {{"gpt-mini", "claude-mini", {own, win_rate_interval(own)}, Stratum{others, win_rate_interval(others)}}}},
      {.judge = "lone-judge", .family = "lone", .left_out = false, .own = {own, win_rate_interval(own)},
       .others = std::nullopt, .pairs = {{"lone-a", "claude-mini", {own, win_rate_interval(own)}, std::nullopt}}}};
  auto back = parse_results(results_to_json(original), "results.json");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->families, original.families);
  EXPECT_EQ(back->self_preference, original.self_preference);
  EXPECT_EQ(results_to_json(sample()).find("self_preference"), std::string::npos);  // runs without families
  const std::string html = report_html(original);
  EXPECT_NE(html.find("Self-preference: judge gpt-judge grades its own family (gpt) on 50 judged items; its "
                      "family's models win 65.0% of them under it, 45.0% under the other judges. The panel"),
            std::string::npos);
}

TEST(ResultsJson, SoftOutcomesAreSaid) {
  Results soft = sample();
  soft.preference = kPreferenceLogprobs;
  EXPECT_NE(results_to_json(soft).find("\"outcomes\": \"soft\""), std::string::npos);
  EXPECT_EQ(results_to_json(sample()).find("\"outcomes\""), std::string::npos);  // verdicts: as before
  EXPECT_NE(report_html(soft).find("soft: each item&#39;s soft preference"), std::string::npos);
}

TEST(Markdown, SummaryShowsTheStyleControlledRatingBesideTheRating) {
  const std::string md = summary_markdown(with_style_control());
  EXPECT_NE(md.find("| rating (95% CI) | style-controlled (95% CI) |"), std::string::npos) << md;
  EXPECT_NE(md.find("| 1100 [1050, 1150] | 1042 [990, 1093] |"), std::string::npos) << md;
  EXPECT_NE(md.find("markdown\\_density 0.80 \\[0.50, 1.10\\]"), std::string::npos) << md;
  EXPECT_EQ(summary_markdown(sample()).find("style-controlled"), std::string::npos);
}

TEST(Html, LeaderboardHasAStyleControlledColumnWhenTheRunHasOne) {
  const std::string html = report_html(with_style_control());
  EXPECT_NE(html.find("<th>Style-controlled rating</th>"), std::string::npos);
  EXPECT_NE(html.find("<td>1042 <span class=\"muted\">[990, 1093]</span></td>"), std::string::npos);
  EXPECT_NE(html.find("id=\"style-control\""), std::string::npos);
  EXPECT_EQ(report_html(sample()).find("Style-controlled rating"), std::string::npos);
}

TEST(GateFinding8, ResultsJsonListsTheTestSetsItemIds) {
  Results original = sample();
  original.item_ids = {"i2", "i1", "i3"};
  const std::string text = results_to_json(original);
  EXPECT_NE(text.find("\"item_ids\": [\n      \"i2\",\n      \"i1\",\n      \"i3\"\n    ]"), std::string::npos) << text;
  auto back = parse_results(text, "results.json");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->item_ids, original.item_ids);
}

TEST(GateFinding8, ResultsJsonWithoutItemIdsStillReads) {
  std::string text = results_to_json(sample());
  const auto at = text.find("\"item_ids\": [],\n");
  ASSERT_NE(at, std::string::npos) << text;
  text.erase(at, std::string("\"item_ids\": [],\n").size());
  auto back = parse_results(text, "old.json");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->items, 3);
  EXPECT_TRUE(back->item_ids.empty());
}

TEST(ResultsJson, OtherSchemaIsRefused) {
  auto parsed = parse_results(R"({"schema": 99})", "old.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message, "old.json: results schema 99, this evolbench reads schemas 1 to 2");
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
