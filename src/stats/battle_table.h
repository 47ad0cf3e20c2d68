// Battles between models counted into a pair-by-outcome table: the input of the
// Bradley-Terry ratings. Counting first makes a fit or a bootstrap round cost the
// number of pairs, not the number of battles.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace evolbench {

enum class BattleWinner { kModelA, kModelB, kTie };

// Counts for one unordered pair; model_a < model_b as model indices.
struct PairCounts {
  int model_a = 0;
  int model_b = 0;
  int wins_a = 0;
  int wins_b = 0;
  int ties = 0;

  int battles() const { return wins_a + wins_b + ties; }
  bool operator==(const PairCounts&) const = default;
};

class BattleTable {
 public:
  // The index of `name`, adding the model on first sight (indices count from 0 in
  // order of appearance).
  int model_index(std::string_view name);
  // Counts `count` (>= 0) battles of one result; `a` and `b` are model indices and
  // must differ.
  void add(int a, int b, BattleWinner winner, int count = 1);

  const std::vector<std::string>& models() const { return models_; }
  // Pairs with at least one battle, in order of their first battle.
  const std::vector<PairCounts>& pairs() const { return pairs_; }
  std::int64_t battles() const;

 private:
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
  };
  std::vector<std::string> models_;
  std::unordered_map<std::string, int, NameHash, std::equal_to<>> index_by_name_;
  std::vector<PairCounts> pairs_;
  // pair_slot_[a][b] (a < b): index into pairs_ plus one; 0 when the pair has not met.
  // Dense, because a lookup per battle is the hot loop of reading a battles file.
  std::vector<std::vector<std::size_t>> pair_slot_;
};

}  // namespace evolbench
