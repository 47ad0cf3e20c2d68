#include "report/markdown.h"

#include <cstdio>

#include "report/numbers.h"
#include "report/views.h"

namespace evolbench {

namespace {

std::string rate_with_interval(double rate, const Interval& ci95) {
  return percent(rate) + " [" + percent(ci95.low) + ", " + percent(ci95.high) + "]";
}

}  // namespace

std::string markdown_cell(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '|': out += "\\|"; break;
      // Backslash escapes, not entities: a tag or an entity cannot start, and the
      // raw text (a terminal, a log) still reads as written. '>' starts nothing
      // inside a line.
      case '<': out += "\\<"; break;
      case '&': out += "\\&"; break;
      case '`': out += "\\`"; break;
      case '*': out += "\\*"; break;
      case '_': out += "\\_"; break;
      case '[': out += "\\["; break;
      case ']': out += "\\]"; break;
      case '\n': case '\r': out += ' '; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

// Imported judgments: the figures their source publishes, beside evolbench's above.
std::string source_figures_markdown(const Results& results) {
  std::string md;
  for (const auto& pair : results.pairs) {
    std::string line;
    if (pair.soft_win_rate && pair.soft_standard_error)
      line = "AlpacaEval win rate " + fixed(*pair.soft_win_rate * 100, 2) + " (standard error " +
             fixed(*pair.soft_standard_error * 100, 2) + "), discrete " + fixed(pair.overall.tally.win_rate() * 100, 2);
    if (pair.arena_hard_score && pair.arena_hard_ci95)
      line = "Arena-Hard score " + percent(*pair.arena_hard_score) + " [" + percent(pair.arena_hard_ci95->low) +
             ", " + percent(pair.arena_hard_ci95->high) + "] (bootstrap over battle rows, a strong verdict 3 rows; " +
             "evolbench's interval resamples questions, a question's games together)";
    if (!line.empty())
      md += "| " + markdown_cell(pair.model) + " vs " + markdown_cell(pair.opponent) + " | " + markdown_cell(line) + " |\n";
  }
  if (!md.empty()) md = "\nThe source's own figures:\n\n| pair | figures |\n|---|---|\n" + md;
  if (!results.scores.empty()) {
    md += "\nSingle-answer scores (mean of the readable grades, turns pooled, as MT-Bench reports them):\n\n"
          "| model | score | by turn | grades | unreadable |\n|---|---|---|---|---|\n";
    for (const auto& score : results.scores) {
      std::string turns;
      for (const auto& [turn, mean] : score.by_turn)
        turns += (turns.empty() ? "" : ", ") + std::string("turn ") + std::to_string(turn) + " " + fixed(mean, 2);
      const std::string interval =
          score.ci95 ? " [" + fixed(score.ci95->low, 2) + ", " + fixed(score.ci95->high, 2) + "]" : std::string();
      md += "| " + markdown_cell(score.model) + " | " + fixed(score.score, 2) + interval + " | " + turns + " | " +
            std::to_string(score.n) + " | " + std::to_string(score.unparsed) + " |\n";
    }
  }
  for (const auto& note : results.import_notes) md += "\n> " + markdown_cell(note) + "\n";
  if (const auto& check = results.import_check)
    md += "\nJudge texts re-read with " + markdown_cell(check->judge_file) + ": " +
          std::to_string(check->reread_same) + " of " + std::to_string(check->judgments) +
          " read as the source recorded them, " + std::to_string(check->reread_different) +
          " differ (listed in import_disagreements.jsonl).\n";
  return md;
}

}  // namespace

std::string summary_markdown(const Results& results) {
  const RunSummary& run = results.run;
  std::string md = "## evolbench results\n\n";
  if (has_simulated_results(run)) md += "> " + markdown_cell(simulated_notice(run)) + "\n\n";
  if (const std::string unfilled = unfilled_strata_text(results.testset_strata); !unfilled.empty())
    md += "> The pool could not fill every stratum of the test set (items got of asked): " +
          markdown_cell(unfilled) + ".\n\n";
  md += "Judge " + markdown_cell(results.judge) + "; " + std::to_string(results.items) + " test items; " +
        std::to_string(run.calls_made) + " calls made, " + std::to_string(run.calls_cached) +
        " from the store, " + std::to_string(run.calls_failed) + " failed; " +
        std::to_string(run.prompt_tokens + run.completion_tokens) + " tokens, $" + fixed(run.cost_usd, 2) +
        "; finished " + markdown_cell(run.finished_at) + ".\n\n";
  const std::string anchor = markdown_cell(results.ratings_anchor);
  const bool styled = results.style_control.has_value();
  md += "| # | model | rating (95% CI) |" + std::string(styled ? " style-controlled (95% CI) |" : "") +
        " win rate vs " + anchor + " (95% CI) | LC win rate | n | parse failures |\n";
  md += styled ? "|---|---|---|---|---|---|---|---|\n" : "|---|---|---|---|---|---|---|\n";
  const auto rating_cell = [](const Rating* rating) {
    return rating ? fixed(rating->elo, 0) + " [" + fixed(rating->ci95.low, 0) + ", " + fixed(rating->ci95.high, 0) + "]"
                  : std::string("-");
  };
  int rank = 0;
  for (const auto& entry : leaderboard_entries(results)) {
    md += "| " + std::to_string(++rank) + " | " + markdown_cell(entry.model) + " | " + rating_cell(entry.rating);
    if (styled) md += " | " + rating_cell(entry.style_controlled);
    md += " | ";
    md += entry.vs_anchor ? rate_with_interval(entry.vs_anchor->overall.tally.win_rate(),
                                               entry.vs_anchor->bootstrap_ci95)
                          : "anchor";
    md += " | ";
    md += entry.vs_anchor && entry.vs_anchor->lc_win_rate
              ? (entry.vs_anchor->lc_ci95 ? rate_with_interval(*entry.vs_anchor->lc_win_rate, *entry.vs_anchor->lc_ci95)
                                          : percent(*entry.vs_anchor->lc_win_rate))
              : "-";
    md += " | " + std::to_string(entry.n) + " | " + std::to_string(entry.unparsed) + " |\n";
  }
  if (const std::string note = length_control_note(results); !note.empty()) md += "\n" + markdown_cell(note) + "\n";
  if (const std::string note = style_control_note(results); !note.empty()) md += "\n" + markdown_cell(note) + "\n";
  md += "\nWin rate vs " + anchor + " by difficulty bucket (easy 1-4, medium 5-7, hard 8-10):\n\n";
  if (const std::string note = difficulty_labels_note(results); !note.empty()) md += "> " + markdown_cell(note) + "\n\n";
  // Without difficulty levels every bucket is empty: the note says why instead.
  if (!results.difficulty_histogram.empty()) {
    md += "| model | easy | medium | hard |\n|---|---|---|---|\n";
    for (const auto& entry : leaderboard_entries(results)) {
      if (!entry.vs_anchor) continue;
      md += "| " + markdown_cell(entry.model);
      for (const char* bucket : kBuckets) {
        const auto found = entry.vs_anchor->by_bucket.find(bucket);
        md += " | " + (found == entry.vs_anchor->by_bucket.end()
                           ? std::string("-")
                           : percent(found->second.tally.win_rate()) + " (n " +
                                 std::to_string(found->second.tally.n()) + ")");
      }
      md += " |\n";
    }
  }
  md += source_figures_markdown(results);
  md += "\nTies count half. Intervals: ratings and win rates by bootstrap over items (" +
        std::to_string(results.bootstrap_rounds) + " rounds).\n";
  return md;
}

std::string gate_markdown(const GateReport& report) {
  std::string md = "## evolbench gate: ";
  md += report.passed() ? "passed\n\n" : "**regression**\n\n";
  md += std::to_string(report.failures()) + " of " + std::to_string(report.checks.size()) +
        " checks regressed, " + std::to_string(report.skipped()) + " skipped; every model is compared with " +
        markdown_cell(report.reference) + " in both runs.\n\n";
  for (const auto& note : report.notes) md += "- " + markdown_cell(note) + "\n";
  if (!report.notes.empty()) md += "\n";
  md += "| result | metric | model | stratum | baseline -> candidate, drop, allowed |\n|---|---|---|---|---|\n";
  // Failures first, so a long table still shows what broke at the top.
  for (const GateVerdict verdict : {GateVerdict::kFail, GateVerdict::kPass, GateVerdict::kSkipped})
    for (const auto& check : report.checks) {
      if (check.verdict != verdict) continue;
      md += std::string("| ") +
            (verdict == GateVerdict::kFail ? "FAIL" : verdict == GateVerdict::kPass ? "ok" : "skipped") + " | " +
            to_string(check.metric) + " | " + markdown_cell(check.model) + " | " + markdown_cell(check.stratum) +
            " | " + markdown_cell(check.reason) + " |\n";
    }
  return md;
}

}  // namespace evolbench
