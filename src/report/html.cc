#include "report/html.h"

#include <algorithm>
#include <set>

#include "report/html_parts.h"
#include "report/views.h"

namespace evolbench {

namespace {


constexpr const char* kStyle = R"css(
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;color:#1d2330;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #dde}
h4{margin:.3rem 0;font-size:.9rem;overflow-wrap:anywhere}
nav a{margin-right:.8rem;color:#2f6fde;text-decoration:none}
table{border-collapse:collapse;margin:.5rem 0;max-width:100%}td,th{padding:.3rem .6rem;border-bottom:1px solid #eef;text-align:right}
th{background:#f4f5fa}td:first-child,th:first-child,td.name{text-align:left}
td.name{overflow-wrap:anywhere;max-width:22rem}
table.sortable th{cursor:pointer}table.sortable th[data-dir=asc]::after{content:" \25B2"}table.sortable th[data-dir=desc]::after{content:" \25BC"}
.heat td{min-width:5.5rem}.heat td.name{min-width:0}
.banner{background:#fff4d6;border:1px solid #e8c560;padding:.5rem .8rem;border-radius:6px}
.muted{color:#667}svg text{font-size:11px;fill:#334}
.few{outline:2px dashed #556;outline-offset:-3px}span.few{outline-offset:1px}
.interval{white-space:nowrap}
.note{background:#eef3ff;border:1px solid #c5d3f5;padding:.5rem .8rem;border-radius:6px}
.scroll{overflow-x:auto;max-width:100%}
.legend{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center;font-size:.85rem;color:#667}
.swatch{display:inline-block;width:1.4rem;height:.9rem;vertical-align:middle;border:1px solid #ccd;margin-right:.3rem}
svg.chart{width:100%;height:auto;max-width:900px}svg.histogram{max-width:420px}
.rounds{display:flex;flex-wrap:wrap;gap:1rem}
#item-filters{display:flex;flex-wrap:wrap;gap:.6rem;margin:.6rem 0}
details.item{border:1px solid #e3e5ee;border-radius:6px;margin:.35rem 0;padding:.35rem .6rem}
details.item summary{cursor:pointer;overflow-wrap:anywhere}
.tag{display:inline-block;min-width:4.5rem;font-weight:600}
pre.text{white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word;max-height:22rem;overflow:auto;background:#f8f9fc;padding:.5rem;margin:.3rem 0;font-size:.85rem}
.answers{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:.8rem}
)css";

// Sorts `table.sortable` by a clicked header (numbers by data-v when given), filters
// the item browser, and marks the body once it ran so automated checks can tell.
constexpr const char* kScript = R"js(
(function(){
  function key(row,i){var c=row.cells[i];return c?(c.getAttribute('data-v')||c.textContent):'';}
  document.querySelectorAll('table.sortable').forEach(function(table){
    var heads=table.tHead?table.tHead.rows[0].cells:[];
    Array.prototype.forEach.call(heads,function(th,i){
      th.addEventListener('click',function(){
        var dir=th.getAttribute('data-dir')==='desc'?'asc':'desc';
        Array.prototype.forEach.call(heads,function(h){h.removeAttribute('data-dir');});
        th.setAttribute('data-dir',dir);
        var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
        rows.sort(function(a,b){
          var x=key(a,i),y=key(b,i),nx=parseFloat(x),ny=parseFloat(y);
          var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);
          return dir==='asc'?c:-c;});
        rows.forEach(function(r){body.appendChild(r);});
      });
    });
  });
  var form=document.getElementById('item-filters');
  if(form){
    var items=Array.prototype.slice.call(document.querySelectorAll('#item-list .item'));
    var count=document.getElementById('item-count');
    var field=function(n){return form.elements.namedItem(n).value;};
    var apply=function(){
      var p=field('pair'),o=field('outcome'),d=field('difficulty'),s=field('skill');
      var q=field('text').toLowerCase(),shown=0;
      items.forEach(function(item){
        var ok=(!p||item.getAttribute('data-pair')===p)&&(!o||item.getAttribute('data-outcome')===o)&&
          (!d||item.getAttribute('data-difficulty')===d)&&(!s||item.getAttribute('data-skill')===s)&&
          (!q||item.textContent.toLowerCase().indexOf(q)>=0);
        item.hidden=!ok;if(ok)shown++;});
      count.textContent=shown+' of '+items.length+' shown';
    };
    form.addEventListener('input',apply);form.addEventListener('change',apply);apply();
  }
  var page=document.documentElement;
  document.body.setAttribute('data-page-fits',page.scrollWidth<=page.clientWidth+1?'yes':'no');
  document.body.setAttribute('data-report-ready','yes');
})();
)js";

std::string stratum_cell(const Stratum& stratum) {
  const int n = stratum.tally.n();
  std::string cell = percent(stratum.tally.win_rate()) + " <span class=\"muted interval\">[" +
                     percent(stratum.ci95.low) + ", " + percent(stratum.ci95.high) + "] n=" + std::to_string(n) +
                     "</span>";
  if (n < kSmallStratum)
    cell = "<span class=\"few\" title=\"fewer than " + std::to_string(kSmallStratum) + " items\">" + cell + "</span>";
  return cell;
}

std::string heat_cell(const Stratum* stratum) {
  if (!stratum || stratum->tally.n() == 0) return "<td>-</td>";
  const double rate = stratum->tally.win_rate();
  return "<td data-v=\"" + fixed(rate, 4) + "\" style=\"background:" + html::heat_colour(rate) + "\"" +
         (stratum->tally.n() < kSmallStratum ? " class=\"few\"" : "") + " title=\"95% Wilson [" +
         percent(stratum->ci95.low) + ", " + percent(stratum->ci95.high) + "], n=" +
         std::to_string(stratum->tally.n()) + "\">" + percent(rate) + " <span class=\"muted\">n=" +
         std::to_string(stratum->tally.n()) + "</span></td>";
}

// One signal each: the fill is the win rate, a dashed outline marks few items.
std::string heat_legend() {
  std::string out = "<p class=\"legend\">win rate:";
  for (const double rate : {0.0, 0.25, 0.5, 0.75, 1.0})
    out += " <span><span class=\"swatch\" style=\"background:" + html::heat_colour(rate) + "\"></span>" +
           percent(rate) + "</span>";
  return out + " <span><span class=\"swatch few\"></span>fewer than " + std::to_string(kSmallStratum) +
         " items</span></p>";
}

// Models as rows, strata as columns, each cell the pooled win rate coloured by it.
template <class Key>
std::string heat_map(const std::map<std::string, PooledStrata>& pooled, const std::vector<std::string>& models,
                     const std::vector<Key>& columns, std::map<Key, Stratum> PooledStrata::*strata,
                     const std::vector<std::string>& headings) {
  // Its own scroll box: many skills must not widen the page past the screen.
  std::string out = "<div class=\"scroll\"><table class=\"heat sortable\"><thead><tr><th>Model</th>";
  for (const auto& heading : headings) out += "<th>" + html_escape(heading) + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto& model : models) {
    const auto found = pooled.find(model);
    if (found == pooled.end()) continue;
    out += "<tr><td class=\"name\">" + html_escape(model) + "</td>";
    for (const auto& column : columns) {
      const auto& by = found->second.*strata;
      const auto cell = by.find(column);
      out += heat_cell(cell == by.end() ? nullptr : &cell->second);
    }
    out += "</tr>";
  }
  return out + "</tbody></table></div>" + heat_legend();
}

void summary_section(const Results& results, std::string& html) {
  const RunSummary& run = results.run;
  html += "<section id=\"summary\"><h2>Summary</h2><table class=\"plain\"><tbody>";
  const auto row = [&](const char* name, const std::string& value) {
    html += std::string("<tr><th>") + name + "</th><td class=\"name\">" + html_escape(value) + "</td></tr>";
  };
  row("Question", "Which model answers the test set best, and how does that change with difficulty?");
  row("Judge", results.judge);
  row("Models", std::to_string(results.models.size()));
  std::string levels;
  for (const auto& [level, count] : results.difficulty_histogram)
    levels += (levels.empty() ? "" : ", ") + std::to_string(level) + ": " + std::to_string(count);
  row("Test set", std::to_string(results.items) + " items" + (levels.empty() ? "" : " (by level " + levels + ")"));
  row("Date", run.finished_at);
  row("Backend", run.backend);
  row("Calls", std::to_string(run.calls_made) + " made, " + std::to_string(run.calls_cached) + " from the store, " +
                   std::to_string(run.calls_failed) + " failed");
  row("Tokens", std::to_string(run.prompt_tokens) + " prompt, " + std::to_string(run.completion_tokens) + " completion");
  row("Cost", "$" + fixed(run.cost_usd, 4) + " at the endpoints' stated prices");
  const bool one_order = results.orders == kOrdersOneRandom;
  const bool battle_rows = results.orders == kOrdersBattleRows;
  row("Orders", one_order     ? "one per item and pair, drawn at random (orders: one-random): half the calls; "
                                "position bias is not cancelled item by item, and position consistency is not measured"
                : battle_rows ? "not recorded: the source's battle rows say who met and who won, not who was shown "
                                "first (orders: battle-rows), so position bias and consistency are not measured"
                              : "both: each item and pair judged with each answer shown first");
  row("Win rates", results.preference == kPreferenceLogprobs
                       ? std::string("soft preference: the probability of each verdict token from the judge's "
                                     "log-probabilities, averaged over items and the orders judged")
                   : battle_rows
                       ? std::string("verdicts: wins plus half the ties, over items; an item's verdict for a pair is "
                                     "the side that won more of its battle rows (a tie when they balance), so a "
                                     "verdict the source repeats (Arena-Hard writes a strong one 3 times) weighs more")
                       : std::string("verdicts: wins plus half the ties, over items judged in ") +
                             (one_order ? "one random order each" : "both orders"));
  row("Outcomes", results.preference == kPreferenceLogprobs
                      ? "soft: each item's soft preference, not its verdict, is what the bootstrap intervals resample, "
                        "the sign tests count (by the side it leans to), the ratings and style control fit (a share "
                        "of a win each way), the LC fit takes and the gate compares"
                      : "hard: each item's verdict (win, tie as half, loss) throughout");
  row("Failures", results.failures.empty()
                      ? std::string("none outstanding")
                      : std::to_string(results.failures.size()) +
                            " outstanding (not counted as results; the next run asks again), listed below");
  html += "</tbody></table>";
  if (!results.failures.empty()) {
    // The first ones only: a run with thousands of failures has one cause to fix.
    constexpr std::size_t kShown = 50;
    html += "<table class=\"plain\" id=\"failures\"><thead><tr><th>Stage</th><th>Subject</th><th>Model</th>"
            "<th>Reason</th></tr></thead><tbody>";
    for (std::size_t i = 0; i < std::min(kShown, results.failures.size()); ++i) {
      const FailureRow& failure = results.failures[i];
      html += "<tr><td>" + html_escape(failure.stage) + "</td><td class=\"name\">" + html_escape(failure.subject) +
              "</td><td class=\"name\">" + html_escape(failure.model) + "</td><td class=\"name\">" +
              html_escape(failure.reason) + "</td></tr>";
    }
    html += "</tbody></table>";
    if (results.failures.size() > kShown)
      html += "<p class=\"muted\">" + std::to_string(results.failures.size() - kShown) + " more in results.json</p>";
  }
  html += "</section>\n";
}

void leaderboard_section(const Results& results, const std::vector<LeaderboardEntry>& entries, std::string& html) {
  const std::string anchor = html_escape(results.ratings_anchor);
  const bool styled = results.style_control.has_value();
  // The style-controlled rating shares one column with its interval, as the LC win rate
  // does, so the table still fits beside long model names.
  const auto rating_cells = [](const Rating* r) {
    return r ? "<td>" + fixed(r->elo, 0) + "</td><td class=\"interval\" data-v=\"" + fixed(r->ci95.low, 1) + "\">[" +
                   fixed(r->ci95.low, 0) + ", " + fixed(r->ci95.high, 0) + "]</td>"
             : std::string("<td>-</td><td>-</td>");
  };
  const auto style_controlled_cell = [](const Rating* r) {
    return r ? "<td>" + fixed(r->elo, 0) + " <span class=\"muted\">[" + fixed(r->ci95.low, 0) + ", " +
                   fixed(r->ci95.high, 0) + "]</span></td>"
             : std::string("<td>-</td>");
  };
  // Scrolls on its own when long model names and the style-controlled column make it wider than the page.
  html += "<section id=\"leaderboard\"><h2>Leaderboard</h2><div class=\"scroll\"><table class=\"sortable\" id=\"leaderboard-table\"><thead><tr>"
          "<th>#</th><th>Model</th><th>Rating</th><th>95% interval</th>" +
          std::string(styled ? "<th>Style-controlled rating</th>" : "") + "<th>Win rate vs " + anchor +
          "</th><th>95% interval</th><th>LC win rate</th><th>Mean win rate</th><th>n</th><th>Parse failures</th>"
          "</tr></thead><tbody>";
  int rank = 0;
  for (const auto& entry : entries) {
    const PairResult* pair = entry.vs_anchor;
    html += "<tr><td>" + std::to_string(++rank) + "</td><td class=\"name\">" + html_escape(entry.model) + "</td>";
    html += rating_cells(entry.rating);
    if (styled) html += style_controlled_cell(entry.style_controlled);
    html += pair ? "<td>" + percent(pair->overall.tally.win_rate()) + "</td><td class=\"interval\" data-v=\"" +
                       fixed(pair->bootstrap_ci95.low, 4) + "\">[" + percent(pair->bootstrap_ci95.low) + ", " +
                       percent(pair->bootstrap_ci95.high) + "]</td>"
                 : std::string("<td>anchor</td><td>-</td>");
    html += "<td>" + (pair && pair->lc_win_rate ? percent(*pair->lc_win_rate) : std::string("-")) +
            (pair && pair->lc_ci95 ? " <span class=\"muted\">[" + percent(pair->lc_ci95->low) + ", " +
                                         percent(pair->lc_ci95->high) + "]</span>"
                                   : std::string()) +
            "</td>";
    html += "<td>" + percent(entry.mean_win_rate) + "</td><td>" + std::to_string(entry.n) + "</td><td>" +
            std::to_string(entry.unparsed) + "</td></tr>";
  }
  html += "</tbody></table></div><p class=\"muted\">Click a heading to sort. Rating: Bradley-Terry by maximum "
          "likelihood on the Elo scale, " + anchor + " fixed at 1000, with a weak prior that keeps unbeaten "
          "models finite. Win rate counts ties as half; its interval is a bootstrap over items (" +
          std::to_string(results.bootstrap_rounds) + " rounds). LC win rate: length-controlled as AlpacaEval 2 "
          "defines it (Dubois et al. 2024), the judge's preference with the answer-length term set to zero. " +
          html_escape(length_control_note(results)) + " " +
          (results.orders == kOrdersOneRandom
               ? "Each item is judged in one order, drawn at random: the order's verdict is the item's."
           : results.orders == kOrdersBattleRows
               ? "Each item's verdict is the net of the source's battle rows on it: the side that won more rows."
               : "Each item is judged in both orders; a judge that changes its verdict with the order gives a tie.") +
          "</p>";
  if (styled) html += "<p class=\"muted\" id=\"style-control\">" + html_escape(style_control_note(results)) + "</p>";
  if (!results.capacity.empty()) {
    html += "<h3>WizardLM capacity</h3><table class=\"sortable\"><thead><tr><th>Model</th><th>Reference</th>"
            "<th>Capacity</th><th>95% interval</th><th>n</th></tr></thead><tbody>";
    for (const auto& capacity : results.capacity)
      html += "<tr><td class=\"name\">" + html_escape(capacity.model) + "</td><td class=\"name\">" +
              html_escape(capacity.reference) + "</td><td>" + percent(capacity.overall.ratio) + "</td><td class=\"interval\">[" +
              percent(capacity.overall.ci95.low) + ", " + percent(capacity.overall.ci95.high) + "]</td><td>" +
              std::to_string(capacity.overall.n) + "</td></tr>";
    html += "</tbody></table><p class=\"muted\">The sum of a model's judge scores over the reference's "
            "(Xu et al. 2023), with a bootstrap interval over items.</p>";
  }
  html += "</section>\n";
}

// A chart by difficulty, or, when no item has a level, why it is missing.
std::string difficulty_view(const Results& results, const std::string& chart) {
  const std::string note = difficulty_labels_note(results);
  return (results.difficulty_histogram.empty() ? std::string() : chart) +
         (note.empty() ? std::string() : "<p class=\"note\">" + html_escape(note) + "</p>");
}

void strata_sections(const Results& results, std::string& html) {
  const auto pooled = pooled_strata(results);
  html += "<section id=\"by-difficulty\"><h2>Win rate by difficulty</h2><p class=\"muted\">Each model against all "
          "its opponents pooled, per difficulty level, with its 95% Wilson band. Hollow points rest on fewer than " +
          std::to_string(kSmallStratum) + " items.</p>";
  html += difficulty_view(results, html::difficulty_chart(pooled, results.models));
  html += "</section>\n<section id=\"by-bucket\"><h2>Win rate by bucket</h2>";
  std::vector<std::string> buckets(std::begin(kBuckets), std::end(kBuckets));
  html += difficulty_view(results, heat_map(pooled, results.models, buckets, &PooledStrata::by_bucket,
                                            {"easy (1-4)", "medium (5-7)", "hard (8-10)"}));
  html += "<p class=\"muted\">Pooled over opponents; hover a cell for its interval.</p></section>\n";
  std::set<std::string> skill_set;
  for (const auto& [model, strata] : pooled)
    for (const auto& [skill, stratum] : strata.by_skill) skill_set.insert(skill);
  std::vector<std::string> skills(skill_set.begin(), skill_set.end()), headings;
  for (const auto& skill : skills) headings.push_back(skill.empty() ? "(none)" : skill);
  html += "<section id=\"by-skill\"><h2>Win rate by skill</h2>";
  html += skills.empty() ? std::string("<p class=\"muted\">No item has a skill.</p>")
                         : heat_map(pooled, results.models, skills, &PooledStrata::by_skill, headings);
  html += "</section>\n";
  std::set<int> turn_set;
  for (const auto& [model, strata] : pooled)
    for (const auto& [turn, stratum] : strata.by_turn) turn_set.insert(turn);
  if (turn_set.size() < 2) return;  // no conversations: the overall figures are turn 1's
  std::vector<int> turns(turn_set.begin(), turn_set.end());
  std::vector<std::string> turn_headings;
  for (const int turn : turns) turn_headings.push_back("turn " + std::to_string(turn));
  html += "<section id=\"by-turn\"><h2>Win rate by turn</h2><p class=\"muted\">Each turn of the conversations "
          "judged with the turns before it shown; pooled over opponents. The overall figures pool every turn, and "
          "the item bootstrap resamples an item with all its turns.</p>";
  html += heat_map(pooled, results.models, turns, &PooledStrata::by_turn, turn_headings) + "</section>\n";
}

// A single-answer judge's grades per model, MT-Bench's figure and evolbench's strata.
void scores_section(const Results& results, std::string& html) {
  if (results.scores.empty()) return;
  std::set<int> turns;
  for (const auto& score : results.scores)
    for (const auto& [turn, mean] : score.by_turn) turns.insert(turn);
  html += "<section id=\"scores\"><h2>Single-answer scores</h2><table class=\"sortable\"><thead><tr><th>Model</th>"
          "<th>Score</th><th>95% interval</th>";
  for (const int turn : turns) html += "<th>turn " + std::to_string(turn) + "</th>";
  html += "<th>Grades</th><th>Unreadable</th></tr></thead><tbody>";
  for (const auto& score : results.scores) {
    html += "<tr><td class=\"name\">" + html_escape(score.model) + "</td><td>" + fixed(score.score, 2) +
            "</td><td class=\"interval\">" +
            (score.ci95 ? "[" + fixed(score.ci95->low, 2) + ", " + fixed(score.ci95->high, 2) + "]" : std::string("-")) +
            "</td>";
    for (const int turn : turns) {
      const auto found = score.by_turn.find(turn);
      html += "<td>" + (found == score.by_turn.end() ? std::string("-") : fixed(found->second, 2)) + "</td>";
    }
    html += "<td>" + std::to_string(score.n) + "</td><td>" + std::to_string(score.unparsed) + "</td></tr>";
  }
  html += "</tbody></table><p class=\"muted\">The mean of a model's readable 1-10 grades with every turn pooled, as "
          "MT-Bench reports it; the interval resamples items with all their turns.</p></section>\n";
}

std::string interval_text(const Interval& interval) {
  return "[" + percent(interval.low) + ", " + percent(interval.high) + "]";
}

// The judge's repeats, per pair: its own noise beside the items'.
void repeats_table(const Results& results, std::string& html) {
  if (std::none_of(results.pairs.begin(), results.pairs.end(), [](const PairResult& pair) { return pair.repeats; }))
    return;
  html += "<h3>Judge repeats</h3><table class=\"sortable\"><thead><tr><th>Model</th><th>Opponent</th>"
          "<th>Repeats</th><th>Win rate, all repeats</th><th>Items resampled</th><th>Items, then repeats</th>"
          "<th>Judge noise (sd)</th><th>Repetition stability</th></tr></thead><tbody>";
  for (const auto& pair : results.pairs) {
    if (!pair.repeats) continue;
    const RepeatFigures& figures = *pair.repeats;
    html += "<tr><td class=\"name\">" + html_escape(pair.model) + "</td><td class=\"name\">" +
            html_escape(pair.opponent) + "</td><td>" + std::to_string(figures.repeats) + "</td><td data-v=\"" +
            fixed(figures.win_rate, 4) + "\">" + percent(figures.win_rate) + "</td><td>" +
            interval_text(figures.one_level_ci95) + "</td><td>" + interval_text(figures.two_level_ci95) +
            "</td><td>" + percent(figures.judge_noise_sd) + "</td><td data-v=\"" + fixed(figures.stability(), 4) +
            "\">" + percent(figures.stability()) + " <span class=\"muted interval\">" +
            interval_text(figures.stability_ci95) + ", " + std::to_string(figures.stable_games) + " of " +
            std::to_string(figures.games) + " games</span></td></tr>";
  }
  html += "</tbody></table><p class=\"muted\">The judge judged every game several times with different sampling "
          "seeds; the other figures of the report are its first repeat's. Both 95% bootstrap intervals are of the "
          "win rate over all repeats: the first resamples items with all their repeats, the second also resamples "
          "each item's repeats, counting the judge's noise on top of the items'. Judge noise: how far one repeat's "
          "win rate moves from the judge's sampling alone. Repetition stability: the share of games (an order of "
          "an item's turn) given the same verdict in every repeat.</p>";
}

void pairs_section(const Results& results, std::string& html) {
  html += "<section id=\"pairs\"><h2>Pairs</h2><table class=\"sortable\"><thead><tr><th>Model</th><th>Opponent</th>"
          "<th>Overall</th>";
  for (const char* bucket : kBuckets) html += std::string("<th>") + bucket + "</th>";
  html += "<th>Sign test p (Holm)</th><th>Difficulty slope</th></tr></thead><tbody>";
  for (const auto& pair : results.pairs) {
    html += "<tr><td class=\"name\">" + html_escape(pair.model) + "</td><td class=\"name\">" +
            html_escape(pair.opponent) + "</td><td data-v=\"" + fixed(pair.overall.tally.win_rate(), 4) + "\">" +
            stratum_cell(pair.overall) + "</td>";
    for (const char* bucket : kBuckets) {
      const auto found = pair.by_bucket.find(bucket);
      html += found == pair.by_bucket.end() ? std::string("<td>-</td>")
                                            : "<td data-v=\"" + fixed(found->second.tally.win_rate(), 4) + "\">" +
                                                  stratum_cell(found->second) + "</td>";
    }
    html += "<td>" + fixed(pair.sign_test_p_holm, 4) + "</td><td>";
    if (pair.difficulty_effect)
      html += fixed(pair.difficulty_effect->slope, 3) + " <span class=\"muted interval\">[" +
              fixed(pair.difficulty_effect->slope_ci95.low, 3) + ", " +
              fixed(pair.difficulty_effect->slope_ci95.high, 3) + "]</span>";
    else
      html += "-";
    html += "</td></tr>";
  }
  html += "</tbody></table><p class=\"muted\">Overall and bucket intervals are 95% Wilson. Difficulty slope: "
          "logits of the win rate per difficulty level (a positive slope: the model's advantage grows on harder "
          "items), with a Wald interval.</p>";
  repeats_table(results, html);
  html += "</section>\n";
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string report_html(const Results& results) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                     "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                     "<title>evolbench report</title><style>";
  html += kStyle;
  html += "</style></head><body>\n<h1>evolbench report</h1>\n<nav><a href=\"#summary\">summary</a>"
          "<a href=\"#leaderboard\">leaderboard</a><a href=\"#by-difficulty\">by difficulty</a>"
          "<a href=\"#by-bucket\">by bucket</a><a href=\"#by-skill\">by skill</a><a href=\"#ratings\">ratings</a>"
          "<a href=\"#testset\">test set</a><a href=\"#judge\">judge</a><a href=\"#items\">items</a></nav>\n";
  if (has_simulated_results(results.run))
    html += "<p class=\"banner\">" + html_escape(simulated_notice(results.run)) + "</p>\n";
  html += html::self_preference_flags(results);
  const auto entries = leaderboard_entries(results);
  summary_section(results, html);
  leaderboard_section(results, entries, html);
  strata_sections(results, html);
  scores_section(results, html);
  pairs_section(results, html);

  html += "<section id=\"ratings\"><h2>Ratings</h2>";
  html += results.ratings.empty() ? std::string("<p class=\"muted\">No ratings in this run.</p>")
                                  : html::forest_plot(entries);
  html += "<p class=\"muted\">Each model's rating with its 95% bootstrap interval; the dashed line is the anchor, " +
          html_escape(results.ratings_anchor) + ", at 1000.</p></section>\n";

  html += "<section id=\"testset\"><h2>Test set difficulty</h2>";
  html += difficulty_view(results,
                          html::histogram_chart(results.difficulty_histogram, "test set: items per difficulty level"));
  if (!results.difficulty_by_round.empty()) {
    html += "<h3>Evolved pool by round</h3><div class=\"rounds\">";
    for (const auto& [round, counts] : results.difficulty_by_round)
      html += html::histogram_chart(counts, round == 0 ? std::string("seeds") : "round " + std::to_string(round));
    html += "</div><p class=\"muted\">Kept instructions per difficulty level in each evolution round: "
            "Evol-Instruct should move the mass to the right.</p>";
  }
  html += "</section>\n";

  html += "<section id=\"judge\"><h2>Judge diagnostics</h2>" + html::judge_diagnostics(results) + "</section>\n";
  html += "<section id=\"items\"><h2>Items</h2>" + html::item_browser(results) + "</section>\n";
  html += "<script>";
  html += kScript;
  html += "</script>\n</body></html>\n";
  return html;
}

}  // namespace evolbench
