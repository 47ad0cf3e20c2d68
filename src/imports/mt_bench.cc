// FastChat's MT-Bench judgments. Single: one grade per (model, question, turn), -1
// when the judge's rating could not be read. Pair: game 1 shows model_1 as A, game 2
// model_2 as A, and FastChat has already turned both winners into model_1, model_2,
// tie or error.
#include "core/json_fields.h"
#include "imports/readers.h"

namespace evolbench {

namespace {

constexpr double kUnreadableGrade = -1.0;  // FastChat's score when the rating was not found

struct Judge {
  std::string model;   // "gpt-4"
  std::string prompt;  // "single-v1", "pair-v2"
};

// FastChat writes the judge as [model, prompt name].
Result<Judge> read_judge(const nlohmann::json& object, const FieldReader& fields) {
  const auto judge = object.find("judge");
  if (judge == object.end()) return fields.error("judge", "missing");
  if (!judge->is_array() || judge->size() != 2 || !(*judge)[0].is_string() || !(*judge)[1].is_string())
    return fields.error("judge", "expected [model, prompt name], got " + describe_json(*judge));
  return Judge{(*judge)[0].get<std::string>(), (*judge)[1].get<std::string>()};
}

// The parts of a line both formats share: question id (as an item id), turn, judge.
struct Common {
  std::string item_id;
  int turn = 1;
  Judge judge;
};

Result<Common> read_common(const nlohmann::json& object, const FieldReader& fields) {
  auto question = fields.id_text("question_id");
  EVB_TRY(question);
  auto turn = fields.integer("turn", 1, 2, std::nullopt);
  EVB_TRY(turn);
  auto judge = read_judge(object, fields);
  EVB_TRY(judge);
  return Common{"mtbench-" + *question, *turn, std::move(judge).value()};
}

Result<Outcome> pair_outcome(const std::string& winner, const FieldReader& fields, const char* field) {
  if (winner == "model_1") return Outcome::kWin;
  if (winner == "model_2") return Outcome::kLoss;
  if (winner == "tie") return Outcome::kTie;
  if (winner == "error") return Outcome::kUnparsed;
  return fields.error(field, "'" + winner + "' is not model_1, model_2, tie or error");
}

}  // namespace

Status read_mt_bench_single(const std::string& path, ImportedJudgments& out) {
  return collect_jsonl(path, [](const nlohmann::json& object, const FieldReader& fields,
                               const std::string& where) -> Result<JudgmentRecord> {
    auto common = read_common(object, fields);
    EVB_TRY(common);
    auto model = fields.text("model");
    EVB_TRY(model);
    auto score = fields.nullable_number("score");
    EVB_TRY(score);
    if (!*score) return fields.error("score", "expected a number, got null");
    auto judgment = fields.optional_text("judgment");
    EVB_TRY(judgment);
    JudgmentRecord judged;
    judged.model = *model;
    judged.item.id = common->item_id;
    judged.turn = common->turn;
    judged.where = where;
    ImportedGame game;
    game.game.judge = common->judge.prompt;
    game.game.judge_model = common->judge.model;
    game.game.item_id = common->item_id;
    game.game.model_a = *model;
    if (**score != kUnreadableGrade) game.game.score_a = **score;
    game.game.output = std::move(judgment).value();
    game.game.turn = common->turn;
    game.source_value = *score;
    game.where = judged.where;
    judged.games.push_back(std::move(game));
    return judged;
  }, out);
}

Status read_mt_bench_pair(const std::string& path, ImportedJudgments& out) {
  return collect_jsonl(path, [](const nlohmann::json& object, const FieldReader& fields,
                               const std::string& where) -> Result<JudgmentRecord> {
    auto common = read_common(object, fields);
    EVB_TRY(common);
    auto model_1 = fields.text("model_1");
    EVB_TRY(model_1);
    auto model_2 = fields.text("model_2");
    EVB_TRY(model_2);
    if (*model_1 == *model_2)
      return fields.error("model_2", "'" + *model_2 + "' is also model_1; a model cannot be judged against itself");
    JudgmentRecord judged;
    judged.model = *model_1 + " vs " + *model_2;
    judged.item.id = common->item_id;
    judged.turn = common->turn;
    judged.where = where;
    const char* const winners[] = {"g1_winner", "g2_winner"};
    const char* const judgments[] = {"g1_judgment", "g2_judgment"};
    for (int g = 0; g < 2; ++g) {
      auto winner = fields.text(winners[g]);
      EVB_TRY(winner);
      auto outcome = pair_outcome(*winner, fields, winners[g]);
      EVB_TRY(outcome);
      auto judgment = fields.optional_text(judgments[g]);
      EVB_TRY(judgment);
      ImportedGame game;
      game.game.judge = common->judge.prompt;
      game.game.judge_model = common->judge.model;
      game.game.item_id = common->item_id;
      game.game.model_a = *model_1;
      game.game.model_b = *model_2;
      game.game.a_shown_first = g == 0;
      game.game.outcome = *outcome;
      game.game.output = std::move(judgment).value();
      game.game.turn = common->turn;
      game.source_verdict = std::move(winner).value();
      game.where = judged.where;
      judged.games.push_back(std::move(game));
    }
    return judged;
  }, out);
}

}  // namespace evolbench
