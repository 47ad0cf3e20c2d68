// Battle rows: {model_a, model_b, winner}, winner model_a, model_b, tie or
// "tie (bothbad)"; Arena-Hard's carry a question_id, Chatbot Arena's may.
#include <unordered_set>

#include "core/files.h"
#include "core/json_fields.h"
#include "core/jsonl.h"
#include "core/text.h"
#include "imports/readers.h"

namespace evolbench {

namespace {

Result<ImportedGame> read_battle(const nlohmann::json& object, const FieldReader& fields,
                                 const std::string& where, JudgmentFormat format) {
  auto model_a = fields.text("model_a");
  EVB_TRY(model_a);
  auto model_b = fields.text("model_b");
  EVB_TRY(model_b);
  auto winner = fields.text("winner");
  EVB_TRY(winner);
  if (model_a->empty()) return fields.error("model_a", "empty");
  if (*model_a == *model_b)
    return fields.error("model_b", "'" + *model_b + "' is also model_a; a model cannot battle itself");
  ImportedGame battle;
  if (*winner == "model_a") battle.game.outcome = Outcome::kWin;
  else if (*winner == "model_b") battle.game.outcome = Outcome::kLoss;
  else if (*winner == "tie" || *winner == "tie (bothbad)") battle.game.outcome = Outcome::kTie;
  else return fields.error("winner", "'" + *winner + "' is not model_a, model_b, tie or tie (bothbad)");
  if (format == JudgmentFormat::kArenaHardBattles || object.contains("question_id")) {
    auto question = fields.id_text("question_id");
    EVB_TRY(question);
    battle.game.item_id = std::move(question).value();
  }
  battle.game.judge = format == JudgmentFormat::kArenaHardBattles ? "arena-hard" : "chatbot-arena";
  battle.game.model_a = std::move(model_a).value();
  battle.game.model_b = std::move(model_b).value();
  battle.position_known = false;
  battle.source_verdict = std::move(winner).value();
  battle.where = where;
  return battle;
}

}  // namespace

Status read_battles(const std::string& path, ImportedJudgments& out) {
  // Battles may repeat (Arena-Hard repeats strong verdicts), so no collector: every
  // row is kept, and Arena-Hard's question ids are its items.
  std::unordered_set<std::string> item_ids;
  const auto keep = [&](Result<ImportedGame> battle) -> Status {
    EVB_TRY(battle);
    if (out.format == JudgmentFormat::kArenaHardBattles && item_ids.insert(battle->game.item_id).second)
      out.items.push_back(Item{.id = battle->game.item_id, .instruction = "", .difficulty = 0, .skill = "",
                               .reference = std::nullopt});
    out.games.push_back(std::move(battle).value());
    return {};
  };
  auto text = read_file(path);
  EVB_TRY(text);
  if (trim(*text).starts_with('[')) {  // Chatbot Arena also ships its battles as one JSON array
    auto root = parse_json(*text, path + ": ");
    EVB_TRY(root);
    for (std::size_t i = 0; i < root->size(); ++i) {
      const std::string where = path + ": record " + std::to_string(i + 1);
      const nlohmann::json& record = (*root)[i];
      if (!record.is_object()) return input_error(where + ": expected an object, got " + describe_json(record));
      EVB_TRY(keep(read_battle(record, FieldReader(record, where), where, out.format)));
    }
    return {};
  }
  return for_each_line_of(*text, [&](std::string_view line, int line_number) -> Status {
    auto object = parse_object(line, path, line_number);
    EVB_TRY(object);
    return keep(read_battle(*object, FieldReader(*object, path, line_number),
                            path + ":" + std::to_string(line_number), out.format));
  });
}

}  // namespace evolbench
