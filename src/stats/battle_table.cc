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

void BattleTable::add(int a, int b, std::span<const double> covariates, BattleWinner winner) {
  if (covariate_names_.empty()) return add(a, b, winner);
  std::vector<double> seen_from_a(covariates.begin(), covariates.end());
  if (a > b)
    for (double& value : seen_from_a) value = value == 0.0 ? 0.0 : -value;  // no -0.0 beside 0.0 in keys
  winner = with_lower_index_first(a, b, winner);
  std::string key(2 * sizeof(int) + seen_from_a.size() * sizeof(double), '\0');
  std::memcpy(key.data(), &a, sizeof(int));
  std::memcpy(key.data() + sizeof(int), &b, sizeof(int));
  std::memcpy(key.data() + 2 * sizeof(int), seen_from_a.data(), seen_from_a.size() * sizeof(double));
  const auto [cell, added] = cell_by_key_.try_emplace(std::move(key), pairs_.size());
  if (added) {
    pairs_.push_back({a, b, 0, 0, 0});
    cell_covariates_.insert(cell_covariates_.end(), seen_from_a.begin(), seen_from_a.end());
  }
  add_to_counts(pairs_[cell->second], winner, 1);
}

std::int64_t BattleTable::battles() const {
  std::int64_t total = 0;
  for (const auto& pair : pairs_) total += pair.battles();
  return total;
}

}  // namespace evolbench
