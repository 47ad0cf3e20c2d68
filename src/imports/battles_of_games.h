// The battles Arena-Hard rates, made from judge games the way it makes them.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "imports/imported_judgments.h"
#include "stats/battle_table.h"

namespace evolbench {

struct Battle {
  std::string item_id;  // Arena-Hard's question_id
  std::string model_a;
  std::string model_b;
  BattleWinner winner = BattleWinner::kTie;
  bool operator==(const Battle&) const = default;
};

// One battle per game with a readable verdict, model_a and model_b as the game names
// them (Arena-Hard: the baseline, then the model; game 2's letters already swapped
// back), in game order; a strong verdict (A>>B, B>>A) is repeated 3 times, Arena-Hard's
// weight. Unreadable games make none. Battle rows read from a battles file come out
// one each, so the function also turns an arena-hard-battles import back into its rows.
std::vector<Battle> arena_hard_battles(std::span<const ImportedGame> games);

// The battles counted into the table Bradley-Terry fits.
BattleTable count_battles(std::span<const Battle> battles);

}  // namespace evolbench
