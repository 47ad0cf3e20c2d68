#include "stats/self_preference.h"

#include <map>
#include <tuple>

namespace evolbench {

namespace {

// (item, model_a, model_b, turn): one judged pair on one item.
using JudgedKey = std::tuple<std::string, std::string, std::string, int>;

Stratum stratum_of(const WinTally& tally) { return {tally, win_rate_interval(tally)}; }

void add_tally(WinTally& total, const WinTally& part) {
  total.wins += part.wins;
  total.ties += part.ties;
  total.losses += part.losses;
}

}  // namespace

std::vector<SelfPreference> self_preference(const std::vector<JudgeModelVerdicts>& judges,
                                            const Families& families, bool left_out) {
  std::vector<SelfPreference> out;
  for (const auto& judge : judges) {
    const std::string family = family_of(families, judge.judge_model);
    struct PairTallies {
      std::string model, opponent;
      WinTally own, others;
    };
    std::vector<PairTallies> pairs;
    std::map<std::pair<std::string, std::string>, std::size_t> pair_index;
    std::map<JudgedKey, std::pair<std::size_t, bool>> own_items;  // -> (pair, model_a is of the family)
    for (const auto& j : judge.judgments) {
      const std::string family_a = family_of(families, j.model_a), family_b = family_of(families, j.model_b);
      if (j.outcome == Outcome::kUnparsed || !grades_own_family(family, family_a, family_b)) continue;
      const bool own_a = family_a == family;
      const std::string& model = own_a ? j.model_a : j.model_b;
      const std::string& opponent = own_a ? j.model_b : j.model_a;
      const auto [at, added] = pair_index.try_emplace({model, opponent}, pairs.size());
      if (added) pairs.push_back({model, opponent, {}, {}});
      pairs[at->second].own.add(own_a ? j.outcome : reversed(j.outcome));
      own_items[{j.item_id, j.model_a, j.model_b, j.turn}] = {at->second, own_a};
    }
    if (pairs.empty()) continue;
    for (const auto& other : judges) {
      if (other.judge_model == judge.judge_model) continue;
      for (const auto& j : other.judgments) {
        const auto found = own_items.find({j.item_id, j.model_a, j.model_b, j.turn});
        if (j.outcome == Outcome::kUnparsed || found == own_items.end()) continue;
        const auto [pair, own_a] = found->second;
        pairs[pair].others.add(own_a ? j.outcome : reversed(j.outcome));
      }
    }
    SelfPreference entry{judge.judge_model, family, left_out, {}, std::nullopt, {}};
    WinTally own, others;
    for (const auto& pair : pairs) {
      SelfPreferencePair row{pair.model, pair.opponent, stratum_of(pair.own), std::nullopt};
      if (pair.others.n() > 0) row.others = stratum_of(pair.others);
      entry.pairs.push_back(std::move(row));
      add_tally(own, pair.own);
      add_tally(others, pair.others);
    }
    entry.own = stratum_of(own);
    if (others.n() > 0) entry.others = stratum_of(others);
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace evolbench
