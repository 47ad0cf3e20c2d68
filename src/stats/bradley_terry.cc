#include "stats/bradley_terry.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <span>
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

// Maximises the penalised Bradley-Terry likelihood over `counts` (wins_a, wins_b, ties
// per cell, in `table.pairs()` order), starting from and writing to `logits`: the
// models' thetas, then the covariates' coefficients; theta[anchor] stays 0. Without
// covariates every operation is the plain model's, so its figures do not move.
Status fit_logits(const BattleTable& table, const int* counts, int anchor, double prior_precision,
                  Eigen::VectorXd& logits) {
  const auto& pairs = table.pairs();
  const Eigen::Index models = static_cast<Eigen::Index>(table.models().size());
  const Eigen::Index covariates = static_cast<Eigen::Index>(table.covariate_names().size());
  const Eigen::Index size = logits.size();
  Eigen::VectorXd gradient(size);
  Eigen::MatrixXd information(size, size);
  Eigen::LLT<Eigen::MatrixXd> solver(size);
  for (int step = 0; step < kMaxNewtonSteps; ++step) {
    gradient.setZero();
    information.setZero();
    for (std::size_t k = 0; k < pairs.size(); ++k) {
      const int a = pairs[k].model_a, b = pairs[k].model_b;
      const int wins_a = counts[3 * k], wins_b = counts[3 * k + 1], ties = counts[3 * k + 2];
      const double battles = wins_a + wins_b + ties;
      if (battles == 0) continue;
      const std::span<const double> x = table.covariates(k);
      double margin = logits[a] - logits[b];
      for (Eigen::Index j = 0; j < covariates; ++j) margin += logits[models + j] * x[j];
      const double p = logistic(margin);
      const double surplus = wins_a + 0.5 * ties - battles * p;
      const double weight = battles * p * (1.0 - p);
      gradient[a] += surplus;
      gradient[b] -= surplus;
      information(a, a) += weight;
      information(b, b) += weight;
      information(a, b) -= weight;
      information(b, a) -= weight;
      for (Eigen::Index j = 0; j < covariates; ++j) {
        const Eigen::Index c = models + j;
        gradient[c] += surplus * x[j];
        information(a, c) += weight * x[j];
        information(b, c) -= weight * x[j];
        for (Eigen::Index l = 0; l <= j; ++l) information(c, models + l) += weight * x[j] * x[l];
      }
    }
    // The lower triangle's covariate rows mirror what was added above the diagonal.
    for (Eigen::Index j = 0; j < covariates; ++j) {
      const Eigen::Index c = models + j;
      information.row(c).head(models) = information.col(c).head(models).transpose();
      for (Eigen::Index l = 0; l < j; ++l) information(models + l, c) = information(c, models + l);
    }
    // The prior on theta - mean(theta): its information is lambda (I - 11'/m). Each
    // coefficient has the same precision around 0, so a covariate that never varies
    // leaves the fit identified.
    auto theta = logits.head(models);
    gradient.head(models) -= prior_precision * (theta.array() - theta.mean()).matrix();
    gradient.tail(covariates) -= prior_precision * logits.tail(covariates);
    information.diagonal().array() += prior_precision;
    information.topLeftCorner(models, models).array() -= prior_precision / static_cast<double>(models);
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
    logits += change;
    if (largest < kRatingsConverged) return {};
  }
  return input_error(
      "Bradley-Terry: no convergence (a model never won or never lost and there is no prior)");
}

}  // namespace

Result<BradleyTerryFit> fit_bradley_terry(const BattleTable& table, const RatingOptions& options, Rng& rng) {
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
  const Eigen::Index parameters = models + static_cast<Eigen::Index>(table.covariate_names().size());
  Eigen::VectorXd logits = Eigen::VectorXd::Zero(parameters);
  EVB_TRY(fit_logits(table, counts.data(), anchor, options.prior_precision, logits));

  // Bootstrap: by_parameter[i] holds parameter i in every round, a model's on the Elo
  // scale. Rounds are shared out as threads ask for them; a round's figures depend on
  // its seed alone.
  const auto elo = [](double theta) { return kAnchorElo + kEloPerLogit * theta; };
  std::vector<std::vector<double>> by_parameter(parameters, std::vector<double>(options.rounds));
  std::vector<std::uint64_t> seeds(static_cast<std::size_t>(options.rounds));
  for (auto& seed : seeds) seed = rng();
  std::vector<Status> round_fits(seeds.size());
  std::atomic<int> next_round{0};
  const auto run_rounds = [&] {
    std::vector<int> resampled(counts.size());
    for (int round = next_round++; round < options.rounds; round = next_round++) {
      Rng round_rng(seeds[round]);
      resample_counts(counts, round_rng, resampled);
      Eigen::VectorXd round_logits = logits;  // warm start: a round is near the full fit
      round_fits[round] = fit_logits(table, resampled.data(), anchor, options.prior_precision, round_logits);
      for (Eigen::Index i = 0; i < parameters; ++i)
        by_parameter[i][round] = i < models ? elo(round_logits[i]) : round_logits[i];
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

  // The percentile interval of parameter i; `estimate` (its full fit) when there are no rounds.
  const auto interval = [&](Eigen::Index i, double estimate) {
    if (options.rounds == 0) return Interval{estimate, estimate};
    return Interval{quantile(by_parameter[i], 0.025), quantile(by_parameter[i], 0.975)};
  };
  BradleyTerryFit fit;
  for (Eigen::Index i = 0; i < models; ++i)
    fit.ratings.push_back({.model = names[i],
                           .elo = elo(logits[i]),
                           .ci95 = interval(i, elo(logits[i])),
                           .win_rate_vs_anchor = logistic(logits[i])});
  std::sort(fit.ratings.begin(), fit.ratings.end(), [](const Rating& x, const Rating& y) {
    return x.elo != y.elo ? x.elo > y.elo : x.model < y.model;
  });
  for (std::size_t j = 0; j < table.covariate_names().size(); ++j) {
    const Eigen::Index i = models + static_cast<Eigen::Index>(j);
    fit.coefficients.push_back({.name = table.covariate_names()[j],
                                .value = logits[i],
                                .ci95 = interval(i, logits[i])});
  }
  return fit;
}

Result<std::vector<Rating>> rate_models(const BattleTable& table, const RatingOptions& options, Rng& rng) {
  auto fit = fit_bradley_terry(table, options, rng);
  EVB_TRY(fit);
  return std::move(fit->ratings);
}

}  // namespace evolbench
