#include "stats/battle_table.h"

#include <utility>

namespace evolbench {

int BattleTable::model_index(std::string_view name) {
  if (const auto found = index_by_name_.find(name); found != index_by_name_.end())
    return found->second;
  const int index = static_cast<int>(models_.size());
  models_.emplace_back(name);
  index_by_name_.emplace(models_.back(), index);
  return index;
}

void BattleTable::add(int a, int b, BattleWinner winner, int count) {
  if (a > b) {
    std::swap(a, b);
    if (winner != BattleWinner::kTie)
      winner = winner == BattleWinner::kModelA ? BattleWinner::kModelB : BattleWinner::kModelA;
  }
  if (pair_slot_.size() <= static_cast<std::size_t>(a)) pair_slot_.resize(a + 1);
  std::vector<std::size_t>& row = pair_slot_[a];
  if (row.size() <= static_cast<std::size_t>(b)) row.resize(b + 1, 0);
  if (row[b] == 0) {
    pairs_.push_back({a, b, 0, 0, 0});
    row[b] = pairs_.size();
  }
  PairCounts& counts = pairs_[row[b] - 1];
  switch (winner) {
    case BattleWinner::kModelA: counts.wins_a += count; break;
    case BattleWinner::kModelB: counts.wins_b += count; break;
    case BattleWinner::kTie: counts.ties += count; break;
  }
}

std::int64_t BattleTable::battles() const {
  std::int64_t total = 0;
  for (const auto& pair : pairs_) total += pair.battles();
  return total;
}

}  // namespace evolbench
