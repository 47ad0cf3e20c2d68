#include "stats/battle_table.h"

#include <cstring>
#include <utility>

namespace evolbench {

namespace {

// Puts the lower model index first; the winner stays the same model.
BattleWinner with_lower_index_first(int& a, int& b, BattleWinner winner) {
  if (a < b) return winner;
  std::swap(a, b);
  if (winner == BattleWinner::kTie) return winner;
  return winner == BattleWinner::kModelA ? BattleWinner::kModelB : BattleWinner::kModelA;
}

void add_to_counts(PairCounts& counts, BattleWinner winner, int count) {
  switch (winner) {
    case BattleWinner::kModelA: counts.wins_a += count; break;
    case BattleWinner::kModelB: counts.wins_b += count; break;
    case BattleWinner::kTie: counts.ties += count; break;
  }
}

}  // namespace

BattleTable::BattleTable(std::vector<std::string> covariate_names)
    : covariate_names_(std::move(covariate_names)) {}

int BattleTable::model_index(std::string_view name) {
  if (const auto found = index_by_name_.find(name); found != index_by_name_.end())
    return found->second;
  const int index = static_cast<int>(models_.size());
  models_.emplace_back(name);
  index_by_name_.emplace(models_.back(), index);
  return index;
}

void BattleTable::add(int a, int b, BattleWinner winner, int count) {
  if (!covariate_names_.empty()) {
    const std::vector<double> zeros(covariate_names_.size(), 0.0);
    for (int battle = 0; battle < count; ++battle) add(a, b, zeros, winner);
    return;
  }
  winner = with_lower_index_first(a, b, winner);
  if (pair_slot_.size() <= static_cast<std::size_t>(a)) pair_slot_.resize(a + 1);
  std::vector<std::size_t>& row = pair_slot_[a];
  if (row.size() <= static_cast<std::size_t>(b)) row.resize(b + 1, 0);
  if (row[b] == 0) {
    pairs_.push_back({a, b, 0, 0, 0});
    row[b] = pairs_.size();
  }
  add_to_counts(pairs_[row[b] - 1], winner, count);
}

namespace {

// A per-battle cell's key: the models, lower index first, and `values` as bytes.
std::string cell_key(int a, int b, const std::vector<double>& values) {
  std::string key(2 * sizeof(int) + values.size() * sizeof(double), '\0');
  std::memcpy(key.data(), &a, sizeof(int));
  std::memcpy(key.data() + sizeof(int), &b, sizeof(int));
  std::memcpy(key.data() + 2 * sizeof(int), values.data(), values.size() * sizeof(double));
  return key;
}

// `covariates` as seen from the lower of `a` and `b`.
std::vector<double> seen_from_lower(int a, int b, std::span<const double> covariates) {
  std::vector<double> seen(covariates.begin(), covariates.end());
  if (a > b)
    for (double& value : seen) value = value == 0.0 ? 0.0 : -value;  // no -0.0 beside 0.0 in keys
  return seen;
}

}  // namespace

std::size_t BattleTable::cell_of(std::string key, int a, int b, const std::vector<double>& covariates) {
  const auto [cell, added] = cell_by_key_.try_emplace(std::move(key), pairs_.size());
  if (added) {
    pairs_.push_back({a, b, 0, 0, 0});
    cell_covariates_.insert(cell_covariates_.end(), covariates.begin(), covariates.end());
  }
  return cell->second;
}

void BattleTable::add(int a, int b, std::span<const double> covariates, BattleWinner winner) {
  if (covariate_names_.empty()) return add(a, b, winner);
  const std::vector<double> seen = seen_from_lower(a, b, covariates);
  winner = with_lower_index_first(a, b, winner);
  add_to_counts(pairs_[cell_of(cell_key(a, b, seen), a, b, seen)], winner, 1);
}

void BattleTable::add_soft(int a, int b, std::span<const double> covariates, double score_a) {
  soft_ = true;
  const std::vector<double> seen = seen_from_lower(a, b, covariates.first(covariate_names_.size()));
  if (a > b) {
    std::swap(a, b);
    score_a = 1.0 - score_a;
  }
  std::vector<double> values = seen;
  values.push_back(score_a);
  const std::size_t cell = cell_of(cell_key(a, b, values), a, b, seen);
  if (cell == cell_win_share_.size()) cell_win_share_.push_back(score_a);
  ++pairs_[cell].wins_a;
}

std::int64_t BattleTable::battles() const {
  std::int64_t total = 0;
  for (const auto& pair : pairs_) total += pair.battles();
  return total;
}

}  // namespace evolbench
