#include <map>
#include <set>

#include "report/html.h"
#include "report/html_parts.h"

namespace evolbench::html {

namespace {

// An outcome for model_a in words that name the winner, escaped.
std::string outcome_words(Outcome outcome, const std::string& model_a, const std::string& model_b) {
  switch (outcome) {
    case Outcome::kWin: return short_label(model_a, 24) + " wins";
    case Outcome::kTie: return "tie";
    case Outcome::kLoss: return short_label(model_b, 24) + " wins";
    case Outcome::kUnparsed: return "unparsed";
  }
  return "unparsed";
}

std::string select(const char* name, const char* label, const std::vector<std::pair<std::string, std::string>>& options) {
  std::string out = std::string("<label>") + label + " <select name=\"" + name + "\"><option value=\"\">all</option>";
  for (const auto& [value, text] : options)
    out += "<option value=\"" + html_escape(value) + "\">" + html_escape(text) + "</option>";
  return out + "</select></label> ";
}

// One order's game: which model sat in which position (the judge's text says "A" and
// "B", or first and second, for positions, not models), its verdict and the text.
std::string verdict_block(const BrowserItem& item, bool a_shown_first, const Results& results) {
  const std::string& first = a_shown_first ? item.model_a : item.model_b;
  const std::string& second = a_shown_first ? item.model_b : item.model_a;
  const Outcome outcome = a_shown_first ? item.a_first : item.b_first;
  const std::string& judge_text = a_shown_first ? item.judge_text_a_first : item.judge_text_b_first;
  std::string out = "<div class=\"verdict\"><b>" + html_escape(first) + " shown first (as answer A), " +
                    html_escape(second) + " second (as B):</b> ";
  if (judge_text.empty() && outcome == Outcome::kUnparsed && results.orders == kOrdersOneRandom)
    return out + "<span class=\"muted\">not asked: one order per item (orders: one-random)</span></div>";
  return out + outcome_words(outcome, item.model_a, item.model_b) +
         (judge_text.empty() ? std::string(" <span class=\"muted\">(the judge's text is not in the store)</span>")
                             : "<pre class=\"text\">" + html_escape(judge_text) + "</pre>") +
         "</div>";
}

// The verdict of a judgment combined from battle rows, which name no position.
std::string battle_rows_block(const BrowserItem& item) {
  return "<div class=\"verdict\"><b>" + html_escape(item.model_a) + " vs " + html_escape(item.model_b) +
         ", positions not recorded by the source:</b> " + outcome_words(item.outcome, item.model_a, item.model_b) +
         " <span class=\"muted\">(the side that won more of the item's battle rows)</span></div>";
}

// Position consistency needs both orders of an item; say why it is missing.
std::string not_measured(const Results& results) {
  return results.orders == kOrdersOneRandom    ? "not measured (one order per item)"
         : results.orders == kOrdersBattleRows ? "not measured (battle rows record no position)"
                                               : "not measured";
}

std::string rate_with_interval(double rate, const Interval& ci95) {
  return percent(rate) + " <span class=\"muted interval\">[" + percent(ci95.low) + ", " + percent(ci95.high) +
         "]</span>";
}

// Each judge model's figures over all its stored games (results.judge.judges[]).
std::string judge_model_table(const Results& results) {
  if (results.judge_diagnostics.judges.empty()) return "";
  std::string out = "<h3>Judge models</h3><div class=\"scroll\"><table class=\"sortable\"><thead><tr>"
                    "<th>Judge model</th><th>Games</th><th>Parse failures</th><th>Both orders read</th>"
                    "<th>Position consistency</th><th>First-position share</th><th>Ties</th>"
                    "<th>Verdict words</th></tr></thead><tbody>";
  for (const auto& d : results.judge_diagnostics.judges)
    out += "<tr><td class=\"name\">" + html_escape(d.judge_model) + "</td><td>" + std::to_string(d.games) +
           "</td><td>" + std::to_string(d.unparsed) + " (" + percent(d.parse_failure_rate) + ")</td><td>" +
           std::to_string(d.both_orders) + "</td><td>" +
           (d.both_orders ? rate_with_interval(d.position_consistency, d.position_consistency_ci95)
                          : not_measured(results)) +
           "</td><td>" +
           (!d.positions_recorded ? std::string("not recorded by the source")
            : d.decisive_games   ? rate_with_interval(d.first_position_win_share, d.first_position_win_share_ci95)
                                 : std::string("-")) +
           "</td><td>" + percent(d.tie_rate) + "</td><td>" + fixed(d.mean_verdict_words, 1) + "</td></tr>";
  return out + "</tbody></table></div><p class=\"muted\">Over every game each judge model played in this run, "
               "with 95% Wilson intervals.</p>";
}

// Agreement of raters (judge models, the panel, humans), with and without ties.
std::string agreement_table(const char* heading, const std::vector<Agreement>& agreements) {
  if (agreements.empty()) return "";
  const auto kappa = [](const std::optional<double>& value) { return value ? fixed(*value, 3) : std::string("-"); };
  std::string out = std::string("<h3>") + heading + "</h3><div class=\"scroll\"><table class=\"sortable\"><thead><tr>"
                    "<th>Rater</th><th>Rater</th><th>n</th><th>Agreement</th><th>Cohen's kappa</th>"
                    "<th>n without ties</th><th>Agreement without ties</th><th>Kappa without ties</th>"
                    "</tr></thead><tbody>";
  for (const auto& a : agreements)
    out += "<tr><td class=\"name\">" + html_escape(a.rater_a) + "</td><td class=\"name\">" + html_escape(a.rater_b) +
           "</td><td>" + std::to_string(a.n) + "</td><td>" + percent(a.agreement) + "</td><td>" + kappa(a.kappa) +
           "</td><td>" + std::to_string(a.n_without_ties) + "</td><td>" + percent(a.agreement_without_ties) +
           "</td><td>" + kappa(a.kappa_without_ties) + "</td></tr>";
  return out + "</tbody></table></div><p class=\"muted\">Items both raters read; kappa is \"-\" where it is "
               "undefined (a rater gave one label only).</p>";
}

// Each judge model that grades its own family: its family's models under it and under
// the panel's other members, pair by pair.
std::string self_preference_table(const Results& results) {
  if (results.self_preference.empty()) return "";
  const auto cell = [](const std::optional<Stratum>& stratum) {
    return stratum ? rate_with_interval(stratum->tally.win_rate(), stratum->ci95) + " n=" +
                         std::to_string(stratum->tally.n())
                   : std::string("-");
  };
  std::string out = "<h3 id=\"self-preference\">Self-preference</h3><div class=\"scroll\"><table class=\"sortable\">"
                    "<thead><tr><th>Judge</th><th>Family</th><th>Model</th><th>Opponent</th><th>Under this judge</th>"
                    "<th>Under the other judges</th><th>In the panel's verdicts</th></tr></thead><tbody>";
  for (const auto& entry : results.self_preference)
    for (const auto& pair : entry.pairs)
      out += "<tr><td class=\"name\">" + html_escape(entry.judge) + "</td><td class=\"name\">" +
             html_escape(entry.family) + "</td><td class=\"name\">" + html_escape(pair.model) +
             "</td><td class=\"name\">" + html_escape(pair.opponent) + "</td><td>" + cell(pair.own) + "</td><td>" +
             cell(pair.others) + "</td><td>" + (entry.left_out ? "left out" : "counted") + "</td></tr>";
  return out + "</tbody></table></div><p class=\"muted\">The win rate of the judge's own-family model against a "
               "model of another family, on the items this judge judged, with 95% Wilson intervals; beside it the "
               "same items under the panel's other judge models, each member's verdict counted once. A judge "
               "without a stake should give both alike.</p>";
}

}  // namespace

std::string item_browser(const Results& results) {
  std::map<std::string, std::size_t> pair_index, skill_index;
  std::set<int> levels;
  std::vector<std::pair<std::string, std::string>> pair_options, skill_options, level_options;
  for (const auto& item : results.browser) {
    const std::string pair = item.model_a + " vs " + item.model_b;
    if (pair_index.try_emplace(pair, pair_index.size()).second)
      pair_options.emplace_back(std::to_string(pair_index[pair]), pair);
    if (skill_index.try_emplace(item.skill, skill_index.size()).second)
      skill_options.emplace_back(std::to_string(skill_index[item.skill]), item.skill.empty() ? "(none)" : item.skill);
    levels.insert(item.difficulty);
  }
  for (const int level : levels) level_options.emplace_back(std::to_string(level), level ? std::to_string(level) : "unscored");
  std::string out = "<p class=\"muted\">";
  if (results.browser_total > static_cast<int>(results.browser.size()))
    out += "Showing " + std::to_string(results.browser.size()) + " of " + std::to_string(results.browser_total) +
           " judgments, evenly spread over the run: the browser keeps at most " + std::to_string(kBrowserCap) +
           " so the file stays small enough to open. judgments.csv lists them all. ";
  out += "Texts are cut at " + std::to_string(kBrowserTextCap) +
         " characters. Outcomes name the winning model; in each order the judge saw one answer first, as its "
         "answer A, and the other second, as B, and its text speaks of those positions.</p>";
  out += "<form id=\"item-filters\" onsubmit=\"return false\">";
  out += select("pair", "pair", pair_options);
  out += select("outcome", "outcome", {{"win", "the pair's first model wins"}, {"tie", "tie"},
                                       {"loss", "the pair's second model wins"}, {"unparsed", "unparsed"}});
  out += select("difficulty", "difficulty", level_options);
  out += select("skill", "skill", skill_options);
  out += "<label>text <input type=\"search\" name=\"text\" placeholder=\"words in the item\"></label> "
         "<span id=\"item-count\" class=\"muted\"></span></form>";
  out += "<div id=\"item-list\">";
  for (const auto& item : results.browser) {
    out += "<details class=\"item\" data-pair=\"" + std::to_string(pair_index[item.model_a + " vs " + item.model_b]) +
           "\" data-outcome=\"" + to_string(item.outcome) + "\" data-difficulty=\"" + std::to_string(item.difficulty) +
           "\" data-skill=\"" + std::to_string(skill_index[item.skill]) + "\"><summary><span class=\"tag\">" +
           outcome_words(item.outcome, item.model_a, item.model_b) + "</span> <span class=\"muted\">level " + std::to_string(item.difficulty) +
           (item.skill.empty() ? "" : ", " + html_escape(item.skill)) + "</span> " + short_label(item.model_a, 24) +
           " vs " + short_label(item.model_b, 24) + ": " + short_label(item.instruction, 90) + "</summary>";
    out += "<div class=\"muted\">item " + html_escape(item.item_id) +
           (item.turn > 1 ? ", turn " + std::to_string(item.turn) + " (the turns before it were shown to the judge)"
                          : std::string()) +
           "</div><pre class=\"text\">" +
           html_escape(item.instruction) + "</pre><div class=\"answers\"><div><h4>" + html_escape(item.model_a) +
           "</h4><pre class=\"text\">" + html_escape(item.answer_a) + "</pre></div><div><h4>" +
           html_escape(item.model_b) + "</h4><pre class=\"text\">" + html_escape(item.answer_b) + "</pre></div></div>";
    if (results.orders == kOrdersBattleRows) {
      out += battle_rows_block(item);
    } else {
      out += verdict_block(item, true, results);
      out += verdict_block(item, false, results);
    }
    out += "</details>";
  }
  return out + "</div>";
}

std::string judge_diagnostics(const Results& results) {
  // Figures of the games behind the browser's judgments: all of them when the run
  // is under the browser's cap, an even sample otherwise.
  int both_read = 0, consistent = 0, games = 0, first_won = 0, decisive = 0;
  for (const auto& item : results.browser) {
    if (item.a_first == Outcome::kUnparsed || item.b_first == Outcome::kUnparsed) continue;
    ++both_read;
    consistent += item.a_first == item.b_first;
    // In the a-first game the first answer is A's; in the b-first game it is B's.
    for (const auto& [outcome, first_wins] : {std::pair{item.a_first, Outcome::kWin}, std::pair{item.b_first, Outcome::kLoss}}) {
      ++games;
      if (outcome == Outcome::kTie) continue;
      ++decisive;
      first_won += outcome == first_wins;
    }
  }
  std::string out = "<table class=\"plain\"><tbody>";
  const auto row = [&](const std::string& name, const std::string& value, const std::string& note) {
    out += "<tr><th>" + name + "</th><td>" + value + "</td><td class=\"name muted\">" + note + "</td></tr>";
  };
  const std::string source = "from the " + std::to_string(results.browser.size()) + " judgments in the item browser" +
                             (results.browser_total > static_cast<int>(results.browser.size()) ? " (a sample)" : "");
  row("Position consistency", both_read ? percent(double(consistent) / both_read) : not_measured(results),
      "items whose two orders gave the same verdict; " + source);
  row("First-position share", decisive ? percent(double(first_won) / decisive) : "-",
      "decisive games won by the answer shown first (50% is unbiased); " + source);
  out += "</tbody></table><table class=\"sortable\"><thead><tr><th>Pair</th><th>n</th><th>Ties</th>"
         "<th>Parse failures</th></tr></thead><tbody>";
  for (std::size_t i = 0; i < results.pairs.size(); ++i) {
    const PairResult& pair = results.pairs[i];
    // Each unordered pair once: as the first of its two directions.
    bool seen = false;
    for (std::size_t k = 0; k < i; ++k)
      seen = seen || (results.pairs[k].model == pair.opponent && results.pairs[k].opponent == pair.model);
    if (seen) continue;
    const WinTally& t = pair.overall.tally;
    out += "<tr><td class=\"name\">" + html_escape(pair.model) + " vs " + html_escape(pair.opponent) + "</td><td>" +
           std::to_string(t.n()) + "</td><td data-v=\"" + fixed(t.n() ? double(t.ties) / t.n() : 0.0, 4) + "\">" +
           (t.n() ? percent(double(t.ties) / t.n()) : "-") + "</td><td>" + std::to_string(pair.unparsed) + "</td></tr>";
  }
  out += "</tbody></table><p class=\"muted\">A tie is also what an order-inconsistent item becomes; a parse "
         "failure is an item whose verdict could not be read after the judge's retries (not in n).</p>";
  return out + judge_model_table(results) + self_preference_table(results) +
         agreement_table("Agreement between judges", results.judge_diagnostics.agreement) +
         agreement_table("Agreement with human labels", results.judge_diagnostics.human_agreement);
}

std::string self_preference_flags(const Results& results) {
  std::string out;
  for (const auto& entry : results.self_preference) {
    out += "<p class=\"banner\">Self-preference: judge " + html_escape(entry.judge) + " grades its own family (" +
           html_escape(entry.family) + ") on " + std::to_string(entry.own.tally.n()) +
           " judged items; its family's models win " + percent(entry.own.tally.win_rate()) + " of them under it";
    if (entry.others) out += ", " + percent(entry.others->tally.win_rate()) + " under the other judges";
    out += entry.left_out ? ". The panel's verdicts leave it out of those pairs (exclude_own_family)."
                          : ". Its verdicts on those pairs are counted in the results.";
    out += " See <a href=\"#self-preference\">self-preference</a>.</p>\n";
  }
  return out;
}

}  // namespace evolbench::html
