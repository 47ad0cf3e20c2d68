// Arena-Hard judgments: game 1 shows the baseline as A and the model as B, game 2 the
// other way round; each game's score is A>>B, A>B, A=B, B>A, B>>A or null.
#include "core/json_fields.h"
#include "imports/readers.h"

namespace evolbench {

namespace {

// The outcome for the model shown as A, or nullopt when `score` is none of the five.
std::optional<Outcome> outcome_for_a(const std::string& score) {
  if (score == "A>>B" || score == "A>B") return Outcome::kWin;
  if (score == "A=B") return Outcome::kTie;
  if (score == "B>A" || score == "B>>A") return Outcome::kLoss;
  return std::nullopt;
}

Result<ImportedGame> read_game(const nlohmann::json& games, std::size_t index, const FieldReader& fields,
                               const std::string& where) {
  const std::string name = "games[" + std::to_string(index) + "]";
  const nlohmann::json& entry = games[index];
  if (!entry.is_object()) return fields.error(name, "expected an object, got " + describe_json(entry));
  ImportedGame game;
  game.game.a_shown_first = index == 0;  // game.model_a is the baseline
  game.where = where;
  const auto score = entry.find("score");
  if (score == entry.end()) return fields.error(name + ".score", "missing");
  if (score->is_string()) {
    game.source_verdict = score->get<std::string>();
    const auto for_a = outcome_for_a(game.source_verdict);
    if (!for_a)
      return fields.error(name + ".score", "'" + game.source_verdict + "' is none of A>>B, A>B, A=B, B>A, B>>A");
    game.game.outcome = index == 0 ? *for_a : reversed(*for_a);
  } else if (!score->is_null()) {
    return fields.error(name + ".score", "expected text or null, got " + describe_json(*score));
  }
  const auto judgment = entry.find("judgment");
  if (judgment != entry.end() && !judgment->is_null()) {
    if (!judgment->is_string())
      return fields.error(name + ".judgment", "expected text, got " + describe_json(*judgment));
    game.game.output = judgment->get<std::string>();
  }
  return game;
}

}  // namespace

Status read_arena_hard(const std::string& path, const ImportOptions& options, ImportedJudgments& out) {
  out.baseline = options.baseline.empty() ? kArenaHardDefaultBaseline : options.baseline;
  return collect_jsonl(path, [&](const nlohmann::json& object, const FieldReader& fields,
                                const std::string& where) -> Result<JudgmentRecord> {
    auto question = fields.id_text("question_id");
    EVB_TRY(question);
    auto model = fields.text("model");
    EVB_TRY(model);
    auto judge = fields.optional_text("judge");
    EVB_TRY(judge);
    if (*model == out.baseline)
      return fields.error("model", "'" + *model + "' is the baseline; a model cannot be judged against itself");
    const auto games = object.find("games");
    if (games == object.end()) return fields.error("games", "missing");
    if (!games->is_array()) return fields.error("games", "expected a list of 2 games, got " + describe_json(*games));
    if (games->size() != 2)
      return fields.error("games", "expected 2 games (the baseline as A, then as B), got " +
                                       std::to_string(games->size()));
    JudgmentRecord judged;
    judged.model = *model;
    judged.item.id = *question;
    judged.where = where;
    for (std::size_t index = 0; index < 2; ++index) {
      auto game = read_game(*games, index, fields, judged.where);
      EVB_TRY(game);
      game->game.judge = "arena-hard";
      game->game.judge_model = *judge;
      game->game.item_id = *question;
      game->game.model_a = out.baseline;
      game->game.model_b = *model;
      judged.games.push_back(std::move(game).value());
    }
    return judged;
  }, out);
}

}  // namespace evolbench
