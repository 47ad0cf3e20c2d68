#include "stats/bradley_terry.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <system_error>
#include <thread>

#include <Eigen/Dense>

#include "stats/logistic_regression.h"

namespace evolbench {

namespace {

constexpr double kRatingsConverged = 1e-9;  // largest rating change, in logits

// One model per entry: the indices of its component, each component listed once,
// models in index order.
std::vector<std::vector<int>> comparison_components(const BattleTable& table) {
  const int models = static_cast<int>(table.models().size());
  std::vector<int> parent(models);
  std::iota(parent.begin(), parent.end(), 0);
  const auto root = [&](int model) {
    while (parent[model] != model) model = parent[model] = parent[parent[model]];
    return model;
  };
  for (const auto& pair : table.pairs())
    if (pair.battles() > 0) parent[root(pair.model_a)] = root(pair.model_b);
  std::vector<std::vector<int>> components;
  std::vector<int> component_of_root(models, -1);
  for (int model = 0; model < models; ++model) {
    int& component = component_of_root[root(model)];
    if (component < 0) {
      component = static_cast<int>(components.size());
      components.emplace_back();
    }
    components[component].push_back(model);
  }
  return components;
}

std::string describe_components(const BattleTable& table,
                                const std::vector<std::vector<int>>& components) {
  std::string text;
  for (std::size_t c = 0; c < components.size(); ++c) {
    text += c == 0 ? "{" : " and {";
    for (std::size_t i = 0; i < components[c].size(); ++i)
      text += (i ? ", " : "") + table.models()[components[c][i]];
    text += "}";
  }
  return text;
}

// Maximises the penalised Bradley-Terry likelihood over `counts` (wins_a, wins_b,
// ties per pair, in `pairs` order), starting from and writing to `theta`;
// theta[anchor] stays 0.
Status fit_logits(const std::vector<PairCounts>& pairs, const int* counts, int anchor,
                  double prior_precision, Eigen::VectorXd& theta) {
  const Eigen::Index models = theta.size();
  Eigen::VectorXd gradient(models);
  Eigen::MatrixXd information(models, models);
  Eigen::LLT<Eigen::MatrixXd> solver(models);
  for (int step = 0; step < kMaxNewtonSteps; ++step) {
    gradient.setZero();
    information.setZero();
    for (std::size_t k = 0; k < pairs.size(); ++k) {
      const int a = pairs[k].model_a, b = pairs[k].model_b;
      const int wins_a = counts[3 * k], wins_b = counts[3 * k + 1], ties = counts[3 * k + 2];
      const double battles = wins_a + wins_b + ties;
      if (battles == 0) continue;
      const double p = logistic(theta[a] - theta[b]);
      const double surplus = wins_a + 0.5 * ties - battles * p;
      const double weight = battles * p * (1.0 - p);
      gradient[a] += surplus;
      gradient[b] -= surplus;
      information(a, a) += weight;
      information(b, b) += weight;
      information(a, b) -= weight;
      information(b, a) -= weight;
    }
    // The prior on theta - mean(theta): its information is lambda (I - 11'/m).
    gradient -= prior_precision * (theta.array() - theta.mean()).matrix();
    information.diagonal().array() += prior_precision;
    information.array() -= prior_precision / static_cast<double>(models);
    // theta[anchor] is fixed: its row and column leave the system.
    gradient[anchor] = 0.0;
    information.row(anchor).setZero();
    information.col(anchor).setZero();
    information(anchor, anchor) = 1.0;
    solver.compute(information);
    if (solver.info() != Eigen::Success)
      return input_error("Bradley-Terry: the ratings are not identified by these battles");
    Eigen::VectorXd change = solver.solve(gradient);
    const double largest = change.cwiseAbs().maxCoeff();
    if (!std::isfinite(largest)) return input_error("Bradley-Terry: the fit diverged");
    if (largest > kLargestNewtonStep) change *= kLargestNewtonStep / largest;
    theta += change;
    if (largest < kRatingsConverged) return {};
  }
  return input_error(
      "Bradley-Terry: no convergence (a model never won or never lost and there is no prior)");
}

}  // namespace

Result<std::vector<Rating>> rate_models(const BattleTable& table, const RatingOptions& options,
                                        Rng& rng) {
  const auto& names = table.models();
  if (table.battles() == 0) return input_error("no battles to rate");
  int anchor = 0;
  if (!options.anchor.empty()) {
    const auto found = std::find(names.begin(), names.end(), options.anchor);
    if (found == names.end())
      return input_error("anchor model '" + options.anchor + "' has no battles");
    anchor = static_cast<int>(found - names.begin());
  }
  const auto components = comparison_components(table);
  if (components.size() > 1)
    return input_error("the comparison graph is disconnected: " + describe_components(table, components) +
                       " never met; ratings across them would mean nothing");

  const auto& pairs = table.pairs();
  std::vector<int> counts;
  counts.reserve(3 * pairs.size());
  for (const auto& pair : pairs) counts.insert(counts.end(), {pair.wins_a, pair.wins_b, pair.ties});
  const Eigen::Index models = static_cast<Eigen::Index>(names.size());
  Eigen::VectorXd theta = Eigen::VectorXd::Zero(models);
  EVB_TRY(fit_logits(pairs, counts.data(), anchor, options.prior_precision, theta));

  // Bootstrap: elo_by_model[i] holds model i's rating in every round. Rounds are shared
  // out as threads ask for them; a round's figures depend on its seed alone.
  std::vector<std::vector<double>> elo_by_model(models, std::vector<double>(options.rounds));
  std::vector<std::uint64_t> seeds(static_cast<std::size_t>(options.rounds));
  for (auto& seed : seeds) seed = rng();
  std::vector<Status> round_fits(seeds.size());
  std::atomic<int> next_round{0};
  const auto run_rounds = [&] {
    std::vector<int> resampled(counts.size());
    for (int round = next_round++; round < options.rounds; round = next_round++) {
      Rng round_rng(seeds[round]);
      resample_counts(counts, round_rng, resampled);
      Eigen::VectorXd round_theta = theta;  // warm start: a round is near the full fit
      round_fits[round] = fit_logits(pairs, resampled.data(), anchor, options.prior_precision, round_theta);
      for (Eigen::Index i = 0; i < models; ++i)
        elo_by_model[i][round] = kAnchorElo + kEloPerLogit * round_theta[i];
    }
  };
  const int threads = std::min(options.threads > 0 ? options.threads
                                                   : static_cast<int>(std::thread::hardware_concurrency()),
                               options.rounds);
  std::vector<std::thread> helpers;
  for (int helper = 1; helper < threads; ++helper) {
    try {
      helpers.emplace_back(run_rounds);
    } catch (const std::system_error&) {
      break;  // no thread to spare: the threads running share every round
    }
  }
  run_rounds();
  for (auto& helper : helpers) helper.join();
  for (const auto& fitted : round_fits) EVB_TRY(fitted);  // the first round that failed

  std::vector<Rating> ratings;
  for (Eigen::Index i = 0; i < models; ++i) {
    Rating rating;
    rating.model = names[i];
    rating.elo = kAnchorElo + kEloPerLogit * theta[i];
    rating.ci95 = {rating.elo, rating.elo};
    if (options.rounds > 0)
      rating.ci95 = {quantile(elo_by_model[i], 0.025), quantile(elo_by_model[i], 0.975)};
    rating.win_rate_vs_anchor = logistic(theta[i]);
    ratings.push_back(rating);
  }
  std::sort(ratings.begin(), ratings.end(), [](const Rating& x, const Rating& y) {
    return x.elo != y.elo ? x.elo > y.elo : x.model < y.model;
  });
  return ratings;
}

}  // namespace evolbench
