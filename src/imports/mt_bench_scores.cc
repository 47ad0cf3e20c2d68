#include "imports/mt_bench_scores.h"

namespace evolbench {

std::vector<ModelScore> mt_bench_scores(std::span<const ImportedGame> games) {
  struct Sums {
    double total = 0.0;
    int n = 0;
    std::map<int, std::pair<double, int>> by_turn;  // turn -> (sum, count)
    int unparsed = 0;
  };
  std::map<std::string, Sums> by_model;
  for (const auto& imported : games) {
    const JudgeGame& game = imported.game;
    if (!game.model_b.empty()) continue;
    Sums& sums = by_model[game.model_a];
    if (!game.score_a) {
      ++sums.unparsed;
      continue;
    }
    sums.total += *game.score_a;
    ++sums.n;
    auto& turn = sums.by_turn[game.turn];
    turn.first += *game.score_a;
    ++turn.second;
  }
  std::vector<ModelScore> scores;
  for (const auto& [model, sums] : by_model) {
    ModelScore score{.model = model, .score = 0.0, .by_turn = {}, .n = sums.n, .unparsed = sums.unparsed};
    if (sums.n > 0) score.score = sums.total / sums.n;
    for (const auto& [turn, sum] : sums.by_turn) score.by_turn[turn] = sum.first / sum.second;
    scores.push_back(std::move(score));
  }
  return scores;
}

}  // namespace evolbench
