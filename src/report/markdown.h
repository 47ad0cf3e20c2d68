// Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY: the run's summary
// and the gate's verdict.
#pragma once

#include <string>
#include <string_view>

#include "report/gate.h"
#include "stats/results.h"

namespace evolbench {

// `text` safe in a Markdown table cell: no line break, pipe, HTML tag or entity
// (escaped with backslashes, so the file holds no HTML entity either).
std::string markdown_cell(std::string_view text);

// summary.md: the run in one line, the leaderboard (rating with interval, win rate
// against the anchor with interval, LC win rate, n, parse failures) and win rates by
// difficulty bucket against the anchor.
std::string summary_markdown(const Results& results);

// The gate's verdict, its notes, then a table of every check, failures first.
std::string gate_markdown(const GateReport& report);

}  // namespace evolbench
