#include "imports/mt_bench_scores.h"

#include "stats/single_scores.h"

namespace evolbench {

std::vector<ModelScore> mt_bench_scores(std::span<const ImportedGame> games) {
  std::vector<GradedAnswer> grades;
  for (const auto& imported : games) {
    const JudgeGame& game = imported.game;
    if (game.model_b.empty()) grades.push_back({game.model_a, game.item_id, game.turn, "", game.score_a});
  }
  Rng unused;  // FastChat's figure has no interval: no round is drawn
  return single_answer_scores(grades, 0, unused);
}

}  // namespace evolbench
