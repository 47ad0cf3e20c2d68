#include "imports/battles_of_games.h"

#include <map>
#include <tuple>

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

std::vector<JudgeGame> combine_battle_rows(std::span<const ImportedGame> rows) {
  struct Combined {
    JudgeGame game;
    int net_wins_a = 0;  // the rows game.model_a won, less those it lost
  };
  std::vector<Combined> combined;
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> index;  // item, models by name
  for (std::size_t n = 0; n < rows.size(); ++n) {
    JudgeGame row = rows[n].game;
    if (row.item_id.empty()) row.item_id = "arena-" + std::to_string(n + 1);
    auto key = row.model_a < row.model_b ? std::tuple(row.item_id, row.model_a, row.model_b)
                                         : std::tuple(row.item_id, row.model_b, row.model_a);
    const auto [at, added] = index.try_emplace(std::move(key), combined.size());
    if (added) combined.push_back({row, 0});
    Combined& pair = combined[at->second];
    const Outcome for_a = row.model_a == pair.game.model_a ? row.outcome : reversed(row.outcome);
    pair.net_wins_a += for_a == Outcome::kWin ? 1 : for_a == Outcome::kLoss ? -1 : 0;
  }
  std::vector<JudgeGame> games;
  games.reserve(combined.size());
  for (auto& [game, net_wins_a] : combined) {
    game.outcome = net_wins_a > 0 ? Outcome::kWin : net_wins_a < 0 ? Outcome::kLoss : Outcome::kTie;
    games.push_back(std::move(game));
  }
  return games;
}

}  // namespace evolbench
