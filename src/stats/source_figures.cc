#include "stats/source_figures.h"

#include <algorithm>
#include <cmath>

#include "stats/bradley_terry.h"
#include "stats/logistic_regression.h"

namespace evolbench {

AlpacaEvalFigures alpacaeval_figures(std::span<const double> preferences) {
  AlpacaEvalFigures figures;
  figures.n = static_cast<int>(preferences.size());
  if (figures.n == 0) return figures;
  double sum = 0.0;
  for (const double preference : preferences) {
    const double p = preference - 1.0;
    sum += p;
    figures.wins += p > 0.5;
    figures.ties += p == 0.5;
    figures.losses += p < 0.5;
  }
  const double n = figures.n;
  figures.soft_win_rate = sum / n;
  if (figures.n > 1) {
    double squares = 0.0;
    for (const double preference : preferences)
      squares += (preference - 1.0 - figures.soft_win_rate) * (preference - 1.0 - figures.soft_win_rate);
    figures.soft_standard_error = std::sqrt(squares / (n - 1.0)) / std::sqrt(n);
  }
  figures.win_rate = (figures.wins + 0.5 * figures.ties) / n;
  return figures;
}

Result<std::vector<ArenaHardScore>> arena_hard_scores(const BattleTable& battles, const std::string& baseline,
                                                      int rounds, Rng& rng) {
  const auto& models = battles.models();
  if (std::find(models.begin(), models.end(), baseline) == models.end())
    return input_error("baseline '" + baseline + "' has no battles");
  RatingOptions options;
  options.anchor = baseline;
  options.rounds = rounds;
  options.prior_precision = 0.0;
  auto ratings = rate_models(battles, options, rng);
  EVB_TRY(ratings);
  // The anchor's rating is kAnchorElo in every round, so a rating is a win rate against it.
  const auto win_rate = [](double elo) { return logistic((elo - kAnchorElo) / kEloPerLogit); };
  std::vector<ArenaHardScore> scores;
  for (const auto& rating : *ratings)
    scores.push_back({rating.model, rating.win_rate_vs_anchor, {win_rate(rating.ci95.low), win_rate(rating.ci95.high)}});
  return scores;
}

}  // namespace evolbench
