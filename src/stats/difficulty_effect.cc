#include "stats/difficulty_effect.h"

#include <cmath>
#include <set>

#include <Eigen/Dense>

#include "stats/logistic_regression.h"

namespace evolbench {

namespace {


}  // namespace

std::optional<DifficultyEffect> difficulty_effect(const std::vector<ScoredItem>& items) {
  std::vector<ScoredItem> known;
  std::set<int> levels;
  std::set<double> scores;
  for (const auto& item : items) {
    if (item.difficulty <= 0) continue;
    known.push_back(item);
    levels.insert(item.difficulty);
    scores.insert(item.score);
  }
  if (levels.size() < 2 || scores.size() < 2) return std::nullopt;
  const auto n = static_cast<Eigen::Index>(known.size());
  Eigen::MatrixXd features(n, 2);
  Eigen::VectorXd targets(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    features(i, 0) = 1.0;
    features(i, 1) = known[i].difficulty;
    targets[i] = known[i].score;
  }
  const auto fit = fit_logistic(features, targets, Eigen::VectorXd::Zero(2));
  if (!fit.ok()) return std::nullopt;
  DifficultyEffect effect;
  effect.slope = fit->coefficients[1];
  const double half_width = kZ95 * std::sqrt(fit->covariance(1, 1));
  effect.slope_ci95 = {effect.slope - half_width, effect.slope + half_width};
  for (int level = 1; level <= 10; ++level)
    effect.win_rate_by_level[level] = logistic(fit->coefficients[0] + effect.slope * level);
  return effect;
}

}  // namespace evolbench
