#include "stats/bootstrap.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <tuple>

#include <boost/random/binomial_distribution.hpp>

namespace evolbench {

void resample_counts(std::span<const int> counts, Rng& rng, std::span<int> resampled) {
  long long remaining_units = 0;
  for (const int count : counts) remaining_units += count;
  // Conditional binomials: cell i takes Binomial(units left, its share of what is left).
  long long remaining_weight = remaining_units;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    int drawn = 0;
    if (remaining_units > 0 && counts[i] > 0) {
      if (counts[i] >= remaining_weight) {
        drawn = static_cast<int>(remaining_units);
      } else {
        // Boost's binomial (Hormann's BTRD) sets up three times faster than libstdc++'s,
        // and a round sets one up per cell.
        boost::random::binomial_distribution<int> cell(
            static_cast<int>(remaining_units),
            static_cast<double>(counts[i]) / static_cast<double>(remaining_weight));
        drawn = cell(rng);
      }
    }
    resampled[i] = drawn;
    remaining_units -= drawn;
    remaining_weight -= counts[i];
  }
}

void draw_units(Rng& rng, std::span<int> draws) {
  std::fill(draws.begin(), draws.end(), 0);
  if (draws.empty()) return;
  std::uniform_int_distribution<std::size_t> pick(0, draws.size() - 1);
  for (std::size_t drawn = 0; drawn < draws.size(); ++drawn) ++draws[pick(rng)];
}

void resample_units(std::span<const int> units, Rng& rng, std::span<int> draws, std::span<int> resampled) {
  draw_units(rng, draws.first(units.size()));
  std::fill(resampled.begin(), resampled.end(), 0);
  for (std::size_t unit = 0; unit < units.size(); ++unit) resampled[units[unit]] += draws[unit];
}

std::vector<int> units_of_counts(std::span<const int> counts) {
  std::vector<int> units;
  for (std::size_t i = 0; i < counts.size(); ++i) units.insert(units.end(), counts[i], static_cast<int>(i));
  return units;
}

double quantile(std::vector<double>& values, double q) {
  const double position = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  std::nth_element(values.begin(), values.begin() + below, values.end());
  const double low = values[below];
  if (below + 1 >= values.size()) return low;
  const double high = *std::min_element(values.begin() + below + 1, values.end());
  return low + (position - static_cast<double>(below)) * (high - low);
}

Interval bootstrap_win_rate_interval(const WinTally& tally, int rounds, Rng& rng) {
  if (tally.n() == 0 || rounds <= 0) return {0.0, 1.0};
  const std::array<int, 3> counts = {tally.wins, tally.ties, tally.losses};
  std::array<int, 3> drawn{};
  std::vector<double> win_rates(static_cast<std::size_t>(rounds));
  for (double& win_rate : win_rates) {
    resample_counts(counts, rng, drawn);
    win_rate = WinTally{drawn[0], drawn[1], drawn[2]}.win_rate();
  }
  return {quantile(win_rates, 0.025), quantile(win_rates, 0.975)};
}

Interval bootstrap_win_rate_interval(std::span<const WinTally> items, int rounds, Rng& rng) {
  WinTally pooled;
  std::map<std::tuple<int, int, int>, int> items_by_tally;
  for (const WinTally& item : items) {
    pooled.wins += item.wins;
    pooled.ties += item.ties;
    pooled.losses += item.losses;
    ++items_by_tally[{item.wins, item.ties, item.losses}];
  }
  if (std::ranges::all_of(items, [](const WinTally& item) { return item.n() == 1; }))
    return bootstrap_win_rate_interval(pooled, rounds, rng);
  if (pooled.n() == 0 || rounds <= 0) return {0.0, 1.0};
  std::vector<WinTally> tallies;
  std::vector<int> counts;
  for (const auto& [tally, count] : items_by_tally) {
    tallies.push_back({std::get<0>(tally), std::get<1>(tally), std::get<2>(tally)});
    counts.push_back(count);
  }
  std::vector<int> drawn(counts.size());
  std::vector<double> win_rates(static_cast<std::size_t>(rounds));
  for (double& win_rate : win_rates) {
    resample_counts(counts, rng, drawn);
    WinTally sample;
    for (std::size_t k = 0; k < tallies.size(); ++k) {
      sample.wins += drawn[k] * tallies[k].wins;
      sample.ties += drawn[k] * tallies[k].ties;
      sample.losses += drawn[k] * tallies[k].losses;
    }
    win_rate = sample.win_rate();
  }
  return {quantile(win_rates, 0.025), quantile(win_rates, 0.975)};
}

Interval bootstrap_soft_win_rate_interval(std::span<const SoftItem> items, int rounds, Rng& rng) {
  if (items.empty() || rounds <= 0) return {0.0, 1.0};
  std::vector<int> drawn(items.size());
  std::vector<double> win_rates(static_cast<std::size_t>(rounds));
  for (double& win_rate : win_rates) {
    draw_units(rng, drawn);
    double sum = 0.0, turns = 0.0;
    for (std::size_t i = 0; i < items.size(); ++i) {
      sum += drawn[i] * items[i].sum;
      turns += drawn[i] * items[i].turns;
    }
    win_rate = sum / turns;
  }
  return {quantile(win_rates, 0.025), quantile(win_rates, 0.975)};
}

}  // namespace evolbench
