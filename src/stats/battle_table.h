// Battles between models counted into a pair-by-outcome table: the input of the
// Bradley-Terry ratings. Counting first makes a fit or a bootstrap round cost the
// number of pairs, not the number of battles. A table may also give every battle
// covariates (style control's differences of length and markdown): battles are then
// counted per pair and distinct covariate values, a cell each. A table may instead (or
// as well) hold soft battles, whose outcome is model_a's share of a win (a log-probability
// judge's preference): counted per pair, covariate values and share, a cell each.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace evolbench {

enum class BattleWinner { kModelA, kModelB, kTie };

// Counts for one unordered pair (and covariate values, in a table with covariates);
// model_a < model_b as model indices.
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
  BattleTable() = default;
  // A table whose battles carry one value per name, each seen from model_a.
  explicit BattleTable(std::vector<std::string> covariate_names);

  // The index of `name`, adding the model on first sight (indices count from 0 in
  // order of appearance).
  int model_index(std::string_view name);
  // Counts `count` (>= 0) battles of one result; `a` and `b` are model indices and
  // must differ. In a table with covariates, the battles' covariates are all 0.
  void add(int a, int b, BattleWinner winner, int count = 1);
  // Counts one battle with its covariates (one per name, as seen from `a`). Covariates
  // are differences: they change sign when `a` and `b` are stored the other way round.
  void add(int a, int b, std::span<const double> covariates, BattleWinner winner);
  // Counts one soft battle: `a`'s share of a win, `score_a` in [0, 1] (1/2 even), with its
  // covariates (none in a table without them). Its cell counts it in wins_a, and
  // win_share(cell) says what each such battle is worth to model_a: score_a of a win and
  // 1 - score_a of a loss. A table's battles are all soft or all not.
  void add_soft(int a, int b, std::span<const double> covariates, double score_a);

  const std::vector<std::string>& models() const { return models_; }
  const std::vector<std::string>& covariate_names() const { return covariate_names_; }
  // Pairs (cells, with covariates) with at least one battle, in order of their first battle.
  const std::vector<PairCounts>& pairs() const { return pairs_; }
  // The covariates of pairs()[cell], seen from its model_a; empty without covariates.
  std::span<const double> covariates(std::size_t cell) const {
    const std::size_t count = covariate_names_.size();
    return std::span<const double>(cell_covariates_).subspan(cell * count, count);
  }
  std::int64_t battles() const;
  // What a battle counted in pairs()[cell].wins_a is worth to model_a: its soft share, 1
  // for a decided battle.
  double win_share(std::size_t cell) const { return soft_ ? cell_win_share_[cell] : 1.0; }
  // Whether the table counts cells per battle's covariates or soft share rather than per pair.
  bool per_battle() const { return soft_ || !covariate_names_.empty(); }

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
  std::vector<std::string> covariate_names_;
  std::vector<double> cell_covariates_;  // pairs_.size() x covariate_names_.size()
  bool soft_ = false;
  std::vector<double> cell_win_share_;  // soft tables: per cell
  // Per-battle cells: a cell's key (its models, covariate values and, for a soft battle,
  // share, as bytes) -> its index in pairs_.
  std::unordered_map<std::string, std::size_t> cell_by_key_;
  // The index of the cell of `key`, with `covariates` (seen from the lower index), added
  // on first sight.
  std::size_t cell_of(std::string key, int a, int b, const std::vector<double>& covariates);
};

}  // namespace evolbench
