// Battle rows: {model_a, model_b, winner}, winner model_a, model_b, tie or
// "tie (bothbad)"; Arena-Hard's carry a question_id, Chatbot Arena's may. Read by the
// reader `stats --battles` uses, so both accept and refuse the same rows.
#include <unordered_set>

#include "imports/readers.h"
#include "stats/battle_rows.h"

namespace evolbench {

namespace {

// Who judged: neither file names it per row in a way a report can use (Arena-Hard's
// battles drop the judge model; Chatbot Arena's `judge` is each voter's id).
constexpr const char* kArenaHardBattlesJudge = "arena-hard judge (not named in battles)";
constexpr const char* kArenaVoters = "chatbot-arena voters";

Outcome outcome_of_winner(BattleWinner winner) {
  switch (winner) {
    case BattleWinner::kModelA: return Outcome::kWin;
    case BattleWinner::kModelB: return Outcome::kLoss;
    case BattleWinner::kTie: return Outcome::kTie;
  }
  return Outcome::kUnparsed;
}

}  // namespace

Status read_battles(const std::string& path, const ImportOptions& options, ImportedJudgments& out) {
  const bool arena_hard = out.format == JudgmentFormat::kArenaHardBattles;
  out.baseline = arena_hard && options.baseline.empty() ? kArenaHardDefaultBaseline : options.baseline;
  auto text = read_battles_file(path);
  EVB_TRY(text);
  // Battles may repeat (Arena-Hard repeats strong verdicts), so no collector: every row
  // is kept, and question ids are the items.
  std::unordered_set<std::string> item_ids;
  return for_each_json_battle_row(std::move(text).value(), path,
                                  [&](const BattleRow& row, const RowPlace& place) -> Status {
    if (arena_hard && row.question_id.empty()) return place.error("question_id", "missing");
    ImportedGame battle;
    battle.game.judge = arena_hard ? "arena-hard" : "chatbot-arena";
    battle.game.judge_model = arena_hard ? kArenaHardBattlesJudge : kArenaVoters;
    battle.game.item_id = row.question_id;
    battle.game.model_a = row.model_a;
    battle.game.model_b = row.model_b;
    battle.game.outcome = outcome_of_winner(row.winner);
    battle.position_known = false;
    battle.source_verdict = row.winner_text;
    battle.where = place.where();
    if (!row.question_id.empty() && item_ids.emplace(row.question_id).second)
      out.items.push_back(Item{.id = std::string(row.question_id), .instruction = "", .difficulty = 0, .skill = "",
                               .reference = std::nullopt});
    out.games.push_back(std::move(battle));
    return {};
  });
}

}  // namespace evolbench
