#include "stats/judge_repeats.h"

#include <algorithm>
#include <cmath>

namespace evolbench {

namespace {

double score(const WinTally& tally) { return tally.wins + 0.5 * tally.ties; }

}  // namespace

double repeated_win_rate(const std::vector<RepeatedItem>& items) {
  double scored = 0.0, judged = 0.0;
  for (const auto& item : items)
    for (const auto& tally : item.repeats) {
      scored += score(tally);
      judged += tally.n();
    }
  return judged > 0 ? scored / judged : 0.5;
}

std::vector<double> bootstrap_repeated_win_rates(const std::vector<RepeatedItem>& items, bool resample_repeats,
                                                 int rounds, Rng& rng) {
  std::vector<double> win_rates;
  if (items.empty() || rounds <= 0) return win_rates;
  win_rates.reserve(static_cast<std::size_t>(rounds));
  std::uniform_int_distribution<std::size_t> pick_item(0, items.size() - 1);
  for (int round = 0; round < rounds; ++round) {
    double scored = 0.0, judged = 0.0;
    for (std::size_t drawn = 0; drawn < items.size(); ++drawn) {
      const auto& repeats = items[pick_item(rng)].repeats;
      for (std::size_t r = 0; r < repeats.size(); ++r) {
        const WinTally& tally =
            resample_repeats ? repeats[std::uniform_int_distribution<std::size_t>(0, repeats.size() - 1)(rng)]
                             : repeats[r];
        scored += score(tally);
        judged += tally.n();
      }
    }
    win_rates.push_back(judged > 0 ? scored / judged : 0.5);
  }
  return win_rates;
}

Interval repeated_win_rate_interval(const std::vector<RepeatedItem>& items, bool resample_repeats, int rounds,
                                    Rng& rng) {
  auto win_rates = bootstrap_repeated_win_rates(items, resample_repeats, rounds, rng);
  if (win_rates.empty()) return {0.0, 1.0};
  return {quantile(win_rates, 0.025), quantile(win_rates, 0.975)};
}

double judge_noise_sd(const std::vector<RepeatedItem>& items) {
  double variance_sum = 0.0, judged_per_repeat = 0.0;
  for (const auto& item : items) {
    const auto& repeats = item.repeats;
    if (repeats.empty()) continue;
    judged_per_repeat += static_cast<double>(repeats.front().n());
    if (repeats.size() < 2) continue;
    double mean = 0.0;
    for (const auto& tally : repeats) mean += score(tally);
    mean /= static_cast<double>(repeats.size());
    double squares = 0.0;
    for (const auto& tally : repeats) squares += (score(tally) - mean) * (score(tally) - mean);
    variance_sum += squares / static_cast<double>(repeats.size() - 1);
  }
  return judged_per_repeat > 0 ? std::sqrt(variance_sum) / judged_per_repeat : 0.0;
}

RepetitionStability repetition_stability(const std::vector<std::vector<RepeatedGame>>& items, int repeats,
                                         int rounds, Rng& rng) {
  // Per item: (games counted, stable games).
  std::vector<std::pair<int, int>> counts;
  RepetitionStability stability;
  for (const auto& games : items) {
    std::pair<int, int> item{0, 0};
    for (const auto& game : games) {
      const auto& verdicts = game.verdicts;
      if (static_cast<int>(verdicts.size()) != repeats ||
          std::ranges::any_of(verdicts, [](Outcome verdict) { return verdict == Outcome::kUnparsed; }))
        continue;
      ++item.first;
      item.second += std::ranges::all_of(verdicts, [&](Outcome verdict) { return verdict == verdicts.front(); });
    }
    if (item.first == 0) continue;
    stability.games += item.first;
    stability.stable += item.second;
    counts.push_back(item);
  }
  if (counts.empty() || rounds <= 0) {
    stability.ci95 = {0.0, 1.0};
    return stability;
  }
  std::uniform_int_distribution<std::size_t> pick_item(0, counts.size() - 1);
  std::vector<double> shares(static_cast<std::size_t>(rounds));
  for (double& share : shares) {
    int games = 0, stable = 0;
    for (std::size_t drawn = 0; drawn < counts.size(); ++drawn) {
      const auto& [item_games, item_stable] = counts[pick_item(rng)];
      games += item_games;
      stable += item_stable;
    }
    share = static_cast<double>(stable) / games;
  }
  stability.ci95 = {quantile(shares, 0.025), quantile(shares, 0.975)};
  return stability;
}

}  // namespace evolbench
