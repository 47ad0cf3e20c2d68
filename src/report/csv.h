// CSV tables (RFC 4180: CRLF line ends, fields with comma, quote or line break quoted).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "stats/pair_table.h"
#include "stats/results.h"

namespace evolbench {

// One field, quoted when RFC 4180 requires it.
std::string csv_field(std::string_view text);

// One record: fields joined by commas, ended by CRLF.
std::string csv_row(const std::vector<std::string>& fields);

// rank, model, elo, elo_ci95_low, elo_ci95_high, anchor, win_rate_vs_anchor,
// win_rate_ci95_low, win_rate_ci95_high (bootstrap), lc_win_rate, mean_win_rate, n,
// unparsed; best first as in the report. Missing figures are empty fields.
std::string leaderboard_csv(const Results& results);

// One row per pair and stratum: model, opponent, kind (level|bucket), stratum, n,
// wins, ties, losses, win_rate, ci95_low, ci95_high, small.
std::string by_difficulty_csv(const Results& results);

// One row per pair and skill: model, opponent, skill, n, wins, ties, losses, win_rate,
// ci95_low, ci95_high, small.
std::string by_skill_csv(const Results& results);

// One row per judged item: item_id, model_a, model_b, difficulty, skill, a_first,
// b_first, outcome (each for model_a: win, tie, loss, unparsed), length_a, length_b, turn.
std::string judgments_csv(const std::vector<JudgedItem>& items);

}  // namespace evolbench
