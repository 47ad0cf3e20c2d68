// The battles Arena-Hard rates, made from judge games the way it makes them.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/records.h"

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

// The games a run stores for battle rows, which record no position and may repeat
// (Arena-Hard writes a strong verdict three times): one game per item and pair, the
// pair in either order, first sight first. model_a and model_b are as the pair's first
// row names them, and the outcome is the sign of model_a's wins minus its losses over
// the pair's rows on the item, a tie when they balance, so a strong verdict outweighs a
// weak one the other way, as in Arena-Hard's own count. A row without an item id is its
// own item, "arena-N" for the N-th of `rows` (from 1): one Chatbot Arena vote.
std::vector<JudgeGame> combine_battle_rows(std::span<const ImportedGame> rows);

}  // namespace evolbench
