#include "stats/pair_table.h"

#include <algorithm>
#include <map>

namespace evolbench {

namespace {

void count(PairResult& pair, Outcome outcome, const JudgedItem& item) {
  const int turn = item.judgment.turn;
  if (outcome == Outcome::kUnparsed) {
    ++pair.unparsed;
    ++pair.unparsed_by_turn[turn];
    return;
  }
  pair.overall.tally.add(outcome);
  pair.by_turn[turn].tally.add(outcome);
  pair.by_skill[item.skill].tally.add(outcome);
  if (item.difficulty > 0) {
    pair.by_bucket[difficulty_bucket(item.difficulty)].tally.add(outcome);
    pair.by_difficulty[item.difficulty].tally.add(outcome);
  }
}

void add_intervals(PairResult& pair) {
  pair.overall.ci95 = win_rate_interval(pair.overall.tally);
  for (auto& [bucket, stratum] : pair.by_bucket) stratum.ci95 = win_rate_interval(stratum.tally);
  for (auto& [level, stratum] : pair.by_difficulty) stratum.ci95 = win_rate_interval(stratum.tally);
  for (auto& [skill, stratum] : pair.by_skill) stratum.ci95 = win_rate_interval(stratum.tally);
  for (auto& [turn, stratum] : pair.by_turn) stratum.ci95 = win_rate_interval(stratum.tally);
}

}  // namespace

std::vector<PairResult> tabulate_pairs(const std::vector<JudgedItem>& items,
                                       const std::vector<std::string>& models) {
  std::map<std::pair<std::string, std::string>, PairResult> table;
  for (const auto& item : items) {
    const Judgment& judgment = item.judgment;
    auto& forward = table[{judgment.model_a, judgment.model_b}];
    forward.model = judgment.model_a;
    forward.opponent = judgment.model_b;
    count(forward, judgment.outcome, item);
    auto& backward = table[{judgment.model_b, judgment.model_a}];
    backward.model = judgment.model_b;
    backward.opponent = judgment.model_a;
    count(backward, reversed(judgment.outcome), item);
  }
  std::vector<PairResult> pairs;
  for (const auto& model : models)
    for (const auto& opponent : models) {
      const auto found = table.find({model, opponent});
      if (found == table.end()) continue;
      add_intervals(found->second);
      pairs.push_back(std::move(found->second));
    }
  return pairs;
}

std::vector<LeaderboardRow> rank_models(const std::vector<PairResult>& pairs,
                                        const std::vector<std::string>& models) {
  std::vector<LeaderboardRow> rows;
  for (const auto& model : models) {
    LeaderboardRow row{model, 0.0, 0};
    int opponents = 0;
    for (const auto& pair : pairs) {
      if (pair.model != model || pair.overall.tally.n() == 0) continue;
      row.mean_win_rate += pair.overall.tally.win_rate();
      row.n += pair.overall.tally.n();
      ++opponents;
    }
    if (opponents == 0) continue;
    row.mean_win_rate /= opponents;
    rows.push_back(row);
  }
  std::sort(rows.begin(), rows.end(), [](const LeaderboardRow& x, const LeaderboardRow& y) {
    return x.mean_win_rate != y.mean_win_rate ? x.mean_win_rate > y.mean_win_rate
                                              : x.model < y.model;
  });
  return rows;
}

}  // namespace evolbench
