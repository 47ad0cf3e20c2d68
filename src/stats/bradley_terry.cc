#include "stats/bradley_terry.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <optional>
#include <utility>
#include <system_error>
#include <thread>

#include <Eigen/Dense>

#include "stats/logistic_regression.h"

namespace evolbench {

namespace {

constexpr double kRatingsConverged = 1e-9;  // largest rating change, in logits
// With covariates a step costs a pass over every battle, and Newton's next change after
// one below 1e-6 would be about 1e-12: one pass fewer per bootstrap round, no figure moved.
constexpr double kCovariateFitConverged = 1e-6;

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

// A table's cells with covariates grouped by pair for the fit, so that a Newton step
// sums per pair in contiguous passes rather than scattering an update per cell.
struct CovariateCells {
  std::vector<int> cell_of_row;           // row (grouped by pair) -> the table's cell
  std::vector<Eigen::Index> block_start;  // pair block p: rows block_start[p] to block_start[p + 1]
  std::vector<int> block_a, block_b;      // each block's models
  Eigen::ArrayXXd covariates;             // rows x covariates
  Eigen::ArrayXd win_share;               // per row: BattleTable::win_share
};

CovariateCells group_by_pair(const BattleTable& table) {
  const auto& cells = table.pairs();
  CovariateCells grouped;
  grouped.cell_of_row.resize(cells.size());
  std::iota(grouped.cell_of_row.begin(), grouped.cell_of_row.end(), 0);
  std::stable_sort(grouped.cell_of_row.begin(), grouped.cell_of_row.end(), [&](int x, int y) {
    return std::pair(cells[x].model_a, cells[x].model_b) < std::pair(cells[y].model_a, cells[y].model_b);
  });
  const Eigen::Index rows = static_cast<Eigen::Index>(cells.size());
  const Eigen::Index count = static_cast<Eigen::Index>(table.covariate_names().size());
  grouped.covariates.resize(rows, count);
  grouped.win_share.resize(rows);
  for (Eigen::Index row = 0; row < rows; ++row) {
    const int cell = grouped.cell_of_row[row];
    grouped.win_share[row] = table.win_share(cell);
    const auto values = table.covariates(cell);
    for (Eigen::Index j = 0; j < count; ++j) grouped.covariates(row, j) = values[j];
    if (row == 0 || cells[cell].model_a != grouped.block_a.back() || cells[cell].model_b != grouped.block_b.back()) {
      grouped.block_start.push_back(row);
      grouped.block_a.push_back(cells[cell].model_a);
      grouped.block_b.push_back(cells[cell].model_b);
    }
  }
  grouped.block_start.push_back(rows);
  return grouped;
}

// Rows a covariate fit works through at a time: their buffers stay in the L1 cache.
constexpr Eigen::Index kChunkRows = 256;

// A covariate fit's rows with battles (a round leaves about a third of the cells empty),
// grouped by pair as CovariateCells, and the buffers of a chunk: one set per thread, so
// a Newton step allocates nothing.
struct CovariateWork {
  Eigen::ArrayXd battles, score;  // per row: battles, wins (times their share) + ties / 2
  Eigen::ArrayXXd covariates;
  // Per row, P(model_a wins) at the logits a fit starts from, when known: a bootstrap
  // round starts from the full fit, where these are the same in every round, so its
  // first Newton step takes them rather than an exp per row.
  Eigen::ArrayXd start_p;
  bool from_start_p = false;
  std::vector<Eigen::Index> source_row;  // per kept row: its row in CovariateCells
  std::vector<Eigen::Index> block_start;
  std::vector<int> block_a, block_b;
  Eigen::ArrayXd margin, p, surplus, weight, weighted;  // kChunkRows each
};

// Fills `work` with the rows of `cells` that hold battles in `counts` (wins_a, wins_b,
// ties per row), and with their `start_p` (per row of `cells`) when given.
void keep_rows_with_battles(const CovariateCells& cells, const int* counts, const Eigen::ArrayXd* start_p,
                            CovariateWork& work) {
  const Eigen::Index rows = static_cast<Eigen::Index>(cells.cell_of_row.size());
  const Eigen::Index count = cells.covariates.cols();
  work.battles.resize(rows);
  work.score.resize(rows);
  work.covariates.resize(rows, count);
  work.from_start_p = start_p != nullptr;
  if (start_p) work.start_p.resize(rows);
  for (auto* buffer : {&work.margin, &work.p, &work.surplus, &work.weight, &work.weighted}) buffer->resize(kChunkRows);
  work.block_start.clear();
  work.block_a.clear();
  work.block_b.clear();
  work.source_row.resize(static_cast<std::size_t>(rows));
  double* battles_out = work.battles.data();
  double* score_out = work.score.data();
  double* start_p_out = work.start_p.data();
  Eigen::Index* source_row = work.source_row.data();
  const double* win_share = cells.win_share.data();
  Eigen::Index kept = 0;
  for (std::size_t block = 0; block + 1 < cells.block_start.size(); ++block) {
    const Eigen::Index block_kept = kept;
    // Every row is written at `kept`, which moves on only past a row with battles: no
    // branch on a resampled count, which a round makes unpredictable.
    for (Eigen::Index row = cells.block_start[block]; row < cells.block_start[block + 1]; ++row) {
      const int* cell_counts = counts + 3 * row;
      const int battles = cell_counts[0] + cell_counts[1] + cell_counts[2];
      battles_out[kept] = battles;
      score_out[kept] = cell_counts[0] * win_share[row] + 0.5 * cell_counts[2];
      if (start_p) start_p_out[kept] = (*start_p)[row];
      source_row[kept] = row;
      kept += battles != 0;
    }
    if (kept == block_kept) continue;
    work.block_start.push_back(block_kept);
    work.block_a.push_back(cells.block_a[block]);
    work.block_b.push_back(cells.block_b[block]);
  }
  work.block_start.push_back(kept);
  // The kept rows' covariates, a column at a time.
  for (Eigen::Index j = 0; j < count; ++j) {
    const double* from = cells.covariates.col(j).data();
    double* to = work.covariates.col(j).data();
    for (Eigen::Index k = 0; k < kept; ++k) to[k] = from[source_row[k]];
  }
}

// Adds one pair's battles to the gradient and information: `surplus` = its score minus
// what the fit expects, `weight` = the score's variance.
void add_pair_term(int a, int b, double surplus, double weight, Eigen::VectorXd& gradient,
                   Eigen::MatrixXd& information) {
  gradient[a] += surplus;
  gradient[b] -= surplus;
  information(a, a) += weight;
  information(b, b) += weight;
  information(a, b) -= weight;
  information(b, a) -= weight;
}

// Adds the gradient and information of the battles of a plain table (`counts`: wins_a,
// wins_b, ties per pair, in `pairs` order) at `logits`.
void add_pair_terms(const std::vector<PairCounts>& pairs, const int* counts, const Eigen::VectorXd& logits,
                    Eigen::VectorXd& gradient, Eigen::MatrixXd& information) {
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    const int a = pairs[k].model_a, b = pairs[k].model_b;
    const int wins_a = counts[3 * k], wins_b = counts[3 * k + 1], ties = counts[3 * k + 2];
    const double battles = wins_a + wins_b + ties;
    if (battles == 0) continue;
    const double p = logistic(logits[a] - logits[b]);
    const double surplus = wins_a + 0.5 * ties - battles * p;
    const double weight = battles * p * (1.0 - p);
    add_pair_term(a, b, surplus, weight, gradient, information);
  }
}

// P(model_a wins) at `logits` for the `length` rows of `work` from `start`, of the pair
// (a, b), into work.p.head(length).
void chunk_win_probabilities(const Eigen::VectorXd& logits, int a, int b, Eigen::Index start, Eigen::Index length,
                             CovariateWork& work) {
  const Eigen::Index count = work.covariates.cols();
  const Eigen::Index models = logits.size() - count;
  auto margin = work.margin.head(length), p = work.p.head(length);
  margin.setConstant(logits[a] - logits[b]);
  for (Eigen::Index j = 0; j < count; ++j)
    margin += logits[models + j] * work.covariates.col(j).segment(start, length);
  p = (1.0 + (-margin).exp()).inverse();
}

// P(model_a wins) at `logits` for every row of `work`, in its order.
Eigen::ArrayXd win_probabilities(const Eigen::VectorXd& logits, CovariateWork& work) {
  Eigen::ArrayXd out(work.block_start.back());
  for (std::size_t block = 0; block + 1 < work.block_start.size(); ++block)
    for (Eigen::Index start = work.block_start[block]; start < work.block_start[block + 1]; start += kChunkRows) {
      const Eigen::Index length = std::min(kChunkRows, work.block_start[block + 1] - start);
      chunk_win_probabilities(logits, work.block_a[block], work.block_b[block], start, length, work);
      out.segment(start, length) = work.p.head(length);
    }
  return out;
}

// The same with covariates, for the rows in `work`: the models' terms summed per pair
// block, the coefficients' terms as sums of products with the covariates, chunk by chunk.
// With `at_start`, the win probabilities are work.start_p's.
void add_covariate_terms(const Eigen::VectorXd& logits, bool at_start, CovariateWork& work,
                         Eigen::VectorXd& gradient, Eigen::MatrixXd& information) {
  const Eigen::Index count = work.covariates.cols();
  const Eigen::Index models = logits.size() - count;
  for (std::size_t block = 0; block + 1 < work.block_start.size(); ++block) {
    const int a = work.block_a[block], b = work.block_b[block];
    double surplus = 0.0, weight = 0.0;
    for (Eigen::Index start = work.block_start[block]; start < work.block_start[block + 1]; start += kChunkRows) {
      const Eigen::Index length = std::min(kChunkRows, work.block_start[block + 1] - start);
      auto p = work.p.head(length);
      auto chunk_surplus = work.surplus.head(length), chunk_weight = work.weight.head(length);
      auto weighted = work.weighted.head(length);
      const auto battles = work.battles.segment(start, length);
      if (at_start) p = work.start_p.segment(start, length);
      else chunk_win_probabilities(logits, a, b, start, length, work);
      chunk_surplus = work.score.segment(start, length) - battles * p;
      chunk_weight = battles * p * (1.0 - p);
      surplus += chunk_surplus.sum();
      weight += chunk_weight.sum();
      for (Eigen::Index j = 0; j < count; ++j) {
        const auto covariate = work.covariates.col(j).segment(start, length);
        weighted = chunk_weight * covariate;
        const double weighted_sum = weighted.sum();
        gradient[models + j] += (chunk_surplus * covariate).sum();
        information(a, models + j) += weighted_sum;
        information(models + j, a) += weighted_sum;
        information(b, models + j) -= weighted_sum;
        information(models + j, b) -= weighted_sum;
        for (Eigen::Index l = 0; l <= j; ++l) {
          const double product = (weighted * work.covariates.col(l).segment(start, length)).sum();
          information(models + j, models + l) += product;
          if (l != j) information(models + l, models + j) += product;
        }
      }
    }
    add_pair_term(a, b, surplus, weight, gradient, information);
  }
}

// Maximises the penalised Bradley-Terry likelihood over `counts` (wins_a, wins_b, ties
// per cell, in `table.pairs()` order, or in `cells`' row order with covariates),
// starting from and writing to `logits`: the models' thetas, then the covariates'
// coefficients (`cells`, null for a plain table); theta[anchor] stays 0. `start_p`, when
// given, holds P(model_a wins) at the starting logits per row of `cells`.
Status fit_logits(const BattleTable& table, const int* counts, const CovariateCells* cells,
                  const Eigen::ArrayXd* start_p, CovariateWork& work, int anchor, double prior_precision,
                  Eigen::VectorXd& logits) {
  const Eigen::Index models = static_cast<Eigen::Index>(table.models().size());
  const Eigen::Index covariates = static_cast<Eigen::Index>(table.covariate_names().size());
  const Eigen::Index size = logits.size();
  if (cells) keep_rows_with_battles(*cells, counts, start_p, work);
  Eigen::VectorXd gradient(size);
  Eigen::MatrixXd information(size, size);
  Eigen::LLT<Eigen::MatrixXd> solver(size);
  for (int step = 0; step < kMaxNewtonSteps; ++step) {
    gradient.setZero();
    information.setZero();
    if (cells) add_covariate_terms(logits, step == 0 && work.from_start_p, work, gradient, information);
    else add_pair_terms(table.pairs(), counts, logits, gradient, information);
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
    if (largest < (cells ? kCovariateFitConverged : kRatingsConverged)) return {};
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

  const Eigen::Index models = static_cast<Eigen::Index>(names.size());
  const Eigen::Index parameters = models + static_cast<Eigen::Index>(table.covariate_names().size());
  // A table with covariates or soft outcomes holds about one battle per cell: its rounds
  // draw battles one by one, where a plain table's draw each cell's count.
  const bool per_battle = table.per_battle();
  const std::optional<CovariateCells> cells =
      per_battle ? std::optional<CovariateCells>(group_by_pair(table)) : std::nullopt;
  const auto& pairs = table.pairs();
  std::vector<int> counts;
  counts.reserve(3 * pairs.size());
  for (std::size_t row = 0; row < pairs.size(); ++row) {
    const PairCounts& pair = pairs[cells ? cells->cell_of_row[row] : row];
    counts.insert(counts.end(), {pair.wins_a, pair.wins_b, pair.ties});
  }
  const std::vector<int> units = per_battle ? units_of_counts(counts) : std::vector<int>();
  Eigen::VectorXd logits = Eigen::VectorXd::Zero(parameters);
  CovariateWork fit_work;
  EVB_TRY(fit_logits(table, counts.data(), cells ? &*cells : nullptr, nullptr, fit_work, anchor,
                     options.prior_precision, logits));
  // The full fit kept every cell, in the cells' row order: its rows' win probabilities
  // are where every bootstrap round starts.
  const Eigen::ArrayXd start_p = cells ? win_probabilities(logits, fit_work) : Eigen::ArrayXd();

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
    std::vector<int> resampled(counts.size()), draws(units.size());
    CovariateWork work;
    for (int round = next_round++; round < options.rounds; round = next_round++) {
      Rng round_rng(seeds[round]);
      if (per_battle) resample_units(units, round_rng, draws, resampled);
      else resample_counts(counts, round_rng, resampled);
      Eigen::VectorXd round_logits = logits;  // warm start: a round is near the full fit
      round_fits[round] = fit_logits(table, resampled.data(), cells ? &*cells : nullptr, cells ? &start_p : nullptr,
                                     work, anchor, options.prior_precision, round_logits);
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
