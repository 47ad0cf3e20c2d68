#include "report/views.h"

#include <algorithm>

namespace evolbench {

namespace {
void pool_into(Stratum& pooled, const Stratum& stratum) {
  pooled.tally.wins += stratum.tally.wins;
  pooled.tally.ties += stratum.tally.ties;
  pooled.tally.losses += stratum.tally.losses;
}

template <class Key>
void finish(std::map<Key, Stratum>& strata) {
  for (auto& [key, stratum] : strata) stratum.ci95 = win_rate_interval(stratum.tally);
}
}  // namespace

std::vector<LeaderboardEntry> leaderboard_entries(const Results& results) {
  std::vector<LeaderboardEntry> entries;
  for (const auto& row : results.leaderboard) {
    LeaderboardEntry entry;
    entry.model = row.model;
    entry.mean_win_rate = row.mean_win_rate;
    entry.n = row.n;
    for (const auto& rating : results.ratings)
      if (rating.model == row.model) entry.rating = &rating;
    for (const auto& pair : results.pairs) {
      if (pair.model != row.model) continue;
      entry.unparsed += pair.unparsed;
      if (pair.opponent == results.ratings_anchor) entry.vs_anchor = &pair;
    }
    entries.push_back(std::move(entry));
  }
  if (!results.ratings.empty())
    std::stable_sort(entries.begin(), entries.end(), [](const LeaderboardEntry& a, const LeaderboardEntry& b) {
      const double elo_a = a.rating ? a.rating->elo : -1e300;
      const double elo_b = b.rating ? b.rating->elo : -1e300;
      return elo_a > elo_b;
    });
  return entries;
}

std::string difficulty_labels_note(const Results& results) {
  int labelled = 0;
  for (const auto& [level, count] : results.difficulty_histogram) labelled += count;
  if (labelled >= results.items) return "";
  const std::string how = "evolve it with evolbench, or add a difficulty 1-10 field to each item.";
  if (labelled == 0) return "The test set has no difficulty labels; " + how;
  return std::to_string(results.items - labelled) + " of " + std::to_string(results.items) +
         " items have no difficulty label and are left out of the difficulty charts; " + how;
}

std::map<std::string, PooledStrata> pooled_strata(const Results& results) {
  std::map<std::string, PooledStrata> pooled;
  for (const auto& pair : results.pairs) {
    PooledStrata& model = pooled[pair.model];
    for (const auto& [level, stratum] : pair.by_difficulty) pool_into(model.by_difficulty[level], stratum);
    for (const auto& [bucket, stratum] : pair.by_bucket) pool_into(model.by_bucket[bucket], stratum);
    for (const auto& [skill, stratum] : pair.by_skill) pool_into(model.by_skill[skill], stratum);
  }
  for (auto& [model, strata] : pooled) {
    finish(strata.by_difficulty);
    finish(strata.by_bucket);
    finish(strata.by_skill);
  }
  return pooled;
}

}  // namespace evolbench
