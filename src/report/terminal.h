// The run's leaderboard as evolbench prints it on a terminal (demo, run, stats).
#pragma once

#include <string>
#include <vector>

#include "stats/results.h"

namespace evolbench {

// Rank, model, mean win rate (over opponents: the report's "Mean win rate",
// leaderboard.csv's mean_win_rate, in percent as the report shows it) and n.
// `true_order` (the simulated world's order, best first) adds a "true rank"
// column when not empty.
std::string leaderboard_text(const Results& results, const std::vector<std::string>& true_order);

}  // namespace evolbench
