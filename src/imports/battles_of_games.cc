#include "imports/battles_of_games.h"

namespace evolbench {

namespace {

constexpr int kStrongVerdictWeight = 3;  // Arena-Hard's WEIGHT for A>>B and B>>A

}  // namespace

std::vector<Battle> arena_hard_battles(std::span<const ImportedGame> games) {
  std::vector<Battle> battles;
  for (const auto& imported : games) {
    const JudgeGame& game = imported.game;
    BattleWinner winner = BattleWinner::kTie;
    switch (game.outcome) {
      case Outcome::kWin: winner = BattleWinner::kModelA; break;
      case Outcome::kLoss: winner = BattleWinner::kModelB; break;
      case Outcome::kTie: winner = BattleWinner::kTie; break;
      case Outcome::kUnparsed: continue;
    }
    const bool strong = imported.source_verdict.find(">>") != std::string::npos;
    const Battle battle{game.item_id, game.model_a, game.model_b, winner};
    battles.insert(battles.end(), strong ? kStrongVerdictWeight : 1, battle);
  }
  return battles;
}

BattleTable count_battles(std::span<const Battle> battles) {
  BattleTable table;
  for (const auto& battle : battles) {
    const int a = table.model_index(battle.model_a);
    const int b = table.model_index(battle.model_b);
    table.add(a, b, battle.winner);
  }
  return table;
}

}  // namespace evolbench
