#include "report/terminal.h"

#include <cstdio>

#include "report/html_parts.h"

namespace evolbench {

std::string leaderboard_text(const Results& results, const std::vector<std::string>& true_order) {
  char line[256];
  std::snprintf(line, sizeof line, "\n  %-4s %-20s %-14s %-6s %s\n", "rank", "model", "mean win rate", "n",
                true_order.empty() ? "" : "true rank");
  std::string out = line;
  int rank = 0;
  for (const auto& row : results.leaderboard) {
    std::string true_rank;
    for (std::size_t i = 0; i < true_order.size(); ++i)
      if (true_order[i] == row.model) true_rank = std::to_string(i + 1);
    std::snprintf(line, sizeof line, "  %-4d %-20s %-14s %-6d %s\n", ++rank, row.model.c_str(),
                  percent(row.mean_win_rate).c_str(), row.n, true_rank.c_str());
    out += line;
  }
  return out;
}

}  // namespace evolbench
