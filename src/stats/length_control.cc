#include "stats/length_control.h"

#include <algorithm>
#include <cmath>
#include <span>

#include <Eigen/Dense>

#include "stats/logistic_regression.h"

namespace evolbench {

namespace {

// The joint term's gamma_x ~ N(0, 1) is integrated on a grid of kNodes points over
// [-4, 4] (the mass outside is 6e-5; 21 points give the same LC to 3 decimals). EM (Bock and Aitkin's, as item response models
// are fitted) stops when no coefficient moves by more than kEmConverged.
constexpr int kNodes = 11;
constexpr double kNodeRange = 4.0;
constexpr int kMaxEmRounds = 500;
constexpr double kEmConverged = 5e-4;
// The joint term is fitted only where at least this many items are judged for two or
// more of the models: elsewhere nothing ties one model's items to another's.
constexpr int kMinSharedItems = 10;
constexpr int kBootstrapNewtonSteps = 2;
// Newton's method on a model's fit stops when no coefficient moves by more than this.
constexpr double kModelFitConverged = 1e-10;
// Grid points with less posterior weight than this are left out of the M step's rows.
constexpr double kNegligibleWeight = 1e-9;

// One model's items as its fit sees them.
struct ModelRows {
  std::string model;
  std::vector<double> scores;
  std::vector<double> length_term;  // tanh(len_diff / sd(len_diff))
  std::vector<int> item;            // the item's index in the instruction term
  std::vector<int> difficulty;
  bool with_length = false;         // the length difference varies
  // Joint fits only: the item's mean length term over every model judged on it,
  // centred over the items (see shared_length_terms).
  std::vector<double> shared_length;
};

// The instruction term as the fits see it: for each item, the values gamma_x may take
// with their weights (summing to 1). Difficulty: one value per item. Joint: the grid,
// weighted by each item's posterior given every model's outcomes on it.
struct ValuesOfItem {
  std::vector<double> values;
  std::vector<double> weights;
};
using InstructionValues = std::vector<ValuesOfItem>;

struct ModelFit {
  // theta, phi (with_length), the shared length's (joint), psi (with an instruction term)
  Eigen::VectorXd coefficients;
  double win_rate = 0.5;         // the LC win rate over the rows fitted
};

double sample_sd(std::span<const double> values) {
  if (values.size() < 2) return 0.0;
  double mean = 0.0;
  for (double value : values) mean += value;
  mean /= static_cast<double>(values.size());
  double squares = 0.0;
  for (double value : values) squares += (value - mean) * (value - mean);
  return std::sqrt(squares / static_cast<double>(values.size() - 1));
}

template <typename T>
bool all_equal(const std::vector<T>& values) {
  return std::adjacent_find(values.begin(), values.end(), std::not_equal_to<>()) == values.end();
}

Eigen::Index columns_of(const ModelRows& rows, const InstructionValues* term) {
  return 1 + (rows.with_length ? 1 : 0) + (rows.shared_length.empty() ? 0 : 1) + (term ? 1 : 0);
}

// The model's logistic fit on the rows `picks` (a bootstrap draw may repeat rows), each
// row once per value of its item's instruction term, weighted by that value's weight:
// Newton's method as fit_logistic does it, on sums over the rows rather than a design
// matrix, which with a grid of values per row would be rebuilt on every EM round.
// With `steps` > 0, that many Newton steps from `start`, converged or not: a
// generalised EM round takes one, a bootstrap round kBootstrapNewtonSteps.
Result<ModelFit> fit_model(const ModelRows& rows, const InstructionValues* term, std::span<const int> picks,
                           Eigen::VectorXd start, int steps = 0) {
  const Eigen::Index columns = columns_of(rows, term);
  constexpr Eigen::Index kLengthColumn = 1;
  // Calls visit(features, target, weight) for every (row, kept value).
  const auto for_each_row = [&](auto&& visit) {
    Eigen::Vector4d features = Eigen::Vector4d::Zero();
    features[0] = 1.0;
    for (int row : picks) {
      Eigen::Index column = 1;
      if (rows.with_length) features[column++] = rows.length_term[row];
      if (!rows.shared_length.empty()) features[column++] = rows.shared_length[row];
      if (!term) {
        visit(features, rows.scores[row], 1.0);
        continue;
      }
      const ValuesOfItem& item = (*term)[rows.item[row]];
      for (std::size_t k = 0; k < item.values.size(); ++k) {
        if (item.weights[k] < kNegligibleWeight) continue;
        features[column] = item.values[k];
        visit(features, rows.scores[row], item.weights[k]);
      }
    }
  };
  Eigen::Vector4d b = Eigen::Vector4d::Zero();
  b.head(columns) = start;
  Eigen::Vector4d ridge = Eigen::Vector4d::Constant(kLengthControlRidge);
  ridge[0] = 0.0;  // the model term is what LC reports: never shrunk
  bool converged = false;
  for (int step = 0; step < (steps > 0 ? steps : kMaxNewtonSteps) && !converged; ++step) {
    Eigen::Vector4d gradient = -ridge.cwiseProduct(b);
    Eigen::Matrix4d information = ridge.asDiagonal();
    for_each_row([&](const Eigen::Vector4d& f, double y, double w) {
      const double p = logistic(b.dot(f));
      gradient += w * (y - p) * f;
      // All four columns, unused ones zero: a fixed-size product the compiler unrolls.
      information.noalias() += (w * p * (1.0 - p) * f) * f.transpose();
    });
    const Eigen::LDLT<Eigen::MatrixXd> solver(
        information.topLeftCorner(columns, columns));
    if (solver.info() != Eigen::Success || !solver.isPositive())
      return input_error("length control: the information matrix is singular");
    Eigen::VectorXd change = solver.solve(gradient.head(columns));
    const double largest = change.cwiseAbs().maxCoeff();
    if (!std::isfinite(largest)) return input_error("length control: the fit diverged");
    if (largest > kLargestNewtonStep) change *= kLargestNewtonStep / largest;
    b.head(columns) += change;
    converged = largest < kModelFitConverged;
  }
  if (!converged && steps == 0) return input_error("length control: no convergence (the outcomes are separated)");
  Eigen::Vector4d without_length = b;
  if (rows.with_length) without_length[kLengthColumn] = 0.0;
  double win_rate = 0.0;
  for_each_row([&](const Eigen::Vector4d& f, double, double w) { win_rate += w * logistic(without_length.dot(f)); });
  return ModelFit{b.head(columns), win_rate / static_cast<double>(picks.size())};
}

std::vector<int> every_row(const ModelRows& rows) {
  std::vector<int> picks(rows.scores.size());
  for (std::size_t i = 0; i < picks.size(); ++i) picks[i] = static_cast<int>(i);
  return picks;
}

// The E step: each item's posterior over the grid given every model's coefficients.
void update_posteriors(const std::vector<ModelRows>& models, const std::vector<ModelFit>& fits,
                       InstructionValues& term) {
  std::vector<std::vector<double>> log_weight(term.size());
  for (std::size_t x = 0; x < term.size(); ++x) {
    log_weight[x].resize(kNodes);
    for (int k = 0; k < kNodes; ++k) log_weight[x][k] = -0.5 * term[x].values[k] * term[x].values[k];
  }
  for (std::size_t m = 0; m < models.size(); ++m) {
    const ModelRows& rows = models[m];
    const Eigen::VectorXd& b = fits[m].coefficients;
    const double psi = b[b.size() - 1];
    for (std::size_t r = 0; r < rows.scores.size(); ++r) {
      double rest = b[0] + (rows.with_length ? b[1] * rows.length_term[r] : 0.0);
      if (!rows.shared_length.empty()) rest += b[rows.with_length ? 2 : 1] * rows.shared_length[r];
      const double y = rows.scores[r];
      auto& item = log_weight[rows.item[r]];
      for (int k = 0; k < kNodes; ++k) {
        // y log p + (1 - y) log(1 - p) = y eta - log(1 + e^eta), computed without overflow
        const double eta = rest + psi * term[rows.item[r]].values[k];
        item[k] += y * eta - (std::max(eta, 0.0) + std::log1p(std::exp(-std::abs(eta))));
      }
    }
  }
  for (std::size_t x = 0; x < term.size(); ++x) {
    const double top = *std::max_element(log_weight[x].begin(), log_weight[x].end());
    double sum = 0.0;
    for (int k = 0; k < kNodes; ++k) sum += term[x].weights[k] = std::exp(log_weight[x][k] - top);
    for (int k = 0; k < kNodes; ++k) term[x].weights[k] /= sum;
  }
}

// gamma_x's posteriors fitted jointly from every model by EM; none when a model's fit
// does not converge or EM does not settle.
std::optional<InstructionValues> joint_instruction_term(const std::vector<ModelRows>& models, std::size_t items) {
  ValuesOfItem grid;
  for (int k = 0; k < kNodes; ++k) {
    const double value = -kNodeRange + 2.0 * kNodeRange * k / (kNodes - 1);
    grid.values.push_back(value);
    grid.weights.push_back(std::exp(-0.5 * value * value));
  }
  double prior_sum = 0.0;
  for (double weight : grid.weights) prior_sum += weight;
  for (double& weight : grid.weights) weight /= prior_sum;
  InstructionValues term(items, grid);

  // Start: each model's fit without the term, and psi = 1 (items hard for one model
  // are hard for the others; a model for which they are easy gets psi < 0).
  std::vector<ModelFit> fits(models.size());
  for (std::size_t m = 0; m < models.size(); ++m) {
    auto fit = fit_model(models[m], nullptr, every_row(models[m]),
                         Eigen::VectorXd::Zero(columns_of(models[m], nullptr)));
    if (!fit.ok()) return std::nullopt;
    fits[m].coefficients = Eigen::VectorXd::Ones(columns_of(models[m], &term));
    fits[m].coefficients.head(fit->coefficients.size()) = fit->coefficients;
    if (models[m].with_length) fits[m].coefficients[1] = 0.0;
  }
  for (int round = 0; round < kMaxEmRounds; ++round) {
    update_posteriors(models, fits, term);
    double change = 0.0;
    for (std::size_t m = 0; m < models.size(); ++m) {
      auto fit = fit_model(models[m], &term, every_row(models[m]), fits[m].coefficients, 1);
      if (!fit.ok()) return std::nullopt;
      change = std::max(change, (fit->coefficients - fits[m].coefficients).cwiseAbs().maxCoeff());
      fits[m] = std::move(fit).value();
    }
    if (change < kEmConverged) {
      // Each item's posterior mean from here on: the final fit and every bootstrap
      // round then take one row per item, not one per grid point.
      for (auto& item : term) {
        double mean = 0.0;
        for (int k = 0; k < kNodes; ++k) mean += item.weights[k] * item.values[k];
        item = {{mean}, {1.0}};
      }
      return term;
    }
  }
  return std::nullopt;
}

// Length that every model's answers share on an item belongs to the instruction (an
// essay prompt draws long answers from everyone), not to the judge's taste for
// length: a random instruction term independent of the lengths would hand the
// instruction's effect to the length term wherever lengths follow the instruction.
// So the joint fit carries each item's mean length term over the models as part of
// the instruction term (Mundlak's correlated random effects, 1978), centred over the
// items so that the models' common length lead over the opponent stays with the
// length term and is removed. Sets nothing when it would not vary.
void add_shared_length(std::vector<ModelRows>& models, std::size_t items) {
  std::vector<double> sum(items, 0.0), count(items, 0.0);
  for (const auto& rows : models)
    for (std::size_t r = 0; r < rows.scores.size(); ++r) {
      sum[rows.item[r]] += rows.length_term[r];
      count[rows.item[r]] += 1.0;
    }
  std::vector<double> mean(items, 0.0);
  double centre = 0.0;
  for (std::size_t x = 0; x < items; ++x) {
    if (count[x] > 0) mean[x] = sum[x] / count[x];
    centre += mean[x];
  }
  centre /= static_cast<double>(items);
  if (all_equal(mean)) return;
  for (auto& rows : models)
    for (std::size_t r = 0; r < rows.scores.size(); ++r) rows.shared_length.push_back(mean[rows.item[r]] - centre);
}

// Percentiles 2.5 and 97.5 of the LC win rate over `rounds` resamples of the model's
// items, the instruction term held; none when fewer than half the rounds fit. Each
// round takes kBootstrapNewtonSteps from the full fit instead of iterating to
// convergence: the k-step bootstrap (Andrews 2002, Econometrica 70(1)); Newton's
// quadratic convergence from the full fit makes two steps as good as iterating, at a
// third of the cost.
std::optional<Interval> bootstrap_interval(const ModelRows& rows, const InstructionValues* term,
                                           const Eigen::VectorXd& fitted, int rounds, Rng& rng) {
  const std::size_t n = rows.scores.size();
  std::uniform_int_distribution<std::size_t> draw(0, n - 1);
  std::vector<int> picks(n);
  std::vector<double> win_rates, picked_scores(n);
  for (int round = 0; round < rounds; ++round) {
    for (std::size_t i = 0; i < n; ++i) {
      picks[i] = static_cast<int>(draw(rng));
      picked_scores[i] = rows.scores[picks[i]];
    }
    if (all_equal(picked_scores)) {  // separated: the fit has no optimum, the rate is plain
      win_rates.push_back(picked_scores[0]);
      continue;
    }
    if (auto fit = fit_model(rows, term, picks, fitted, kBootstrapNewtonSteps); fit.ok())
      win_rates.push_back(fit->win_rate);
  }
  if (rounds == 0 || win_rates.size() * 2 < static_cast<std::size_t>(rounds)) return std::nullopt;
  return Interval{quantile(win_rates, 0.025), quantile(win_rates, 0.975)};
}

}  // namespace

const char* to_string(InstructionTerm term) {
  switch (term) {
    case InstructionTerm::kJoint: return "joint";
    case InstructionTerm::kDifficulty: return "difficulty";
    case InstructionTerm::kNone: return "none";
  }
  return "none";
}

std::map<std::string, LengthControlled> length_controlled_win_rates(
    const std::map<std::string, std::vector<LengthControlItem>>& items_by_model, int rounds, Rng& rng) {
  std::map<std::string, LengthControlled> out;
  std::map<std::string, int> item_index;
  std::vector<ModelRows> models;
  for (const auto& [model, items] : items_by_model) {
    if (items.empty()) continue;
    ModelRows rows;
    rows.model = model;
    std::vector<double> length_diff;
    for (const auto& item : items) {
      const int index = item_index.try_emplace(item.item_id, static_cast<int>(item_index.size())).first->second;
      rows.item.push_back(index);
      rows.scores.push_back(item.score);
      rows.difficulty.push_back(item.difficulty);
      length_diff.push_back(item.length - item.opponent_length);
    }
    if (all_equal(rows.scores)) {
      out[model] = LengthControlled{rows.scores[0], std::nullopt, InstructionTerm::kNone, 1};
      continue;
    }
    const double length_sd = sample_sd(length_diff);
    rows.with_length = length_sd > 0;
    for (double diff : length_diff) rows.length_term.push_back(rows.with_length ? std::tanh(diff / length_sd) : 0.0);
    models.push_back(std::move(rows));
  }

  std::optional<InstructionValues> joint;
  std::vector<int> models_of_item(item_index.size(), 0);
  for (const auto& rows : models) {
    std::vector<int> own(rows.item);
    std::ranges::sort(own);
    own.erase(std::unique(own.begin(), own.end()), own.end());
    for (int x : own) ++models_of_item[x];
  }
  if (std::ranges::count_if(models_of_item, [](int count) { return count >= 2; }) >= kMinSharedItems) {
    add_shared_length(models, item_index.size());
    joint = joint_instruction_term(models, item_index.size());
    if (!joint)
      for (auto& rows : models) rows.shared_length.clear();
  }

  for (const auto& rows : models) {
    InstructionTerm term = InstructionTerm::kNone;
    const InstructionValues* values = nullptr;
    InstructionValues difficulty_term;
    if (joint) {
      term = InstructionTerm::kJoint;
      values = &*joint;
    } else if (std::ranges::find(rows.difficulty, 0) == rows.difficulty.end() && !all_equal(rows.difficulty)) {
      // Standardised over the model's own items, so that a pair seen from either side
      // is the same fit (the ridge makes the fit depend slightly on the scale).
      std::vector<double> levels(rows.difficulty.begin(), rows.difficulty.end());
      double mean = 0.0;
      for (double level : levels) mean += level;
      mean /= static_cast<double>(levels.size());
      const double sd = sample_sd(levels);
      difficulty_term.resize(item_index.size());
      for (std::size_t r = 0; r < levels.size(); ++r) difficulty_term[rows.item[r]] = {{(levels[r] - mean) / sd}, {1.0}};
      term = InstructionTerm::kDifficulty;
      values = &difficulty_term;
    }
    auto fit = fit_model(rows, values, every_row(rows), Eigen::VectorXd::Zero(columns_of(rows, values)));
    if (!fit.ok()) continue;
    out[rows.model] = LengthControlled{fit->win_rate, bootstrap_interval(rows, values, fit->coefficients, std::min(rounds, kLengthControlMaxRounds), rng),
                                       term, joint ? static_cast<int>(models.size()) : 1};
  }
  return out;
}

}  // namespace evolbench
