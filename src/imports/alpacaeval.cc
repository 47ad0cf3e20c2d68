// AlpacaEval annotations: preference = 2 - P(output_1 preferred), so output_2 (the
// model) wins above 1.5, the baseline (generator_1) below, and exactly 1.5 is a tie.
#include "core/files.h"
#include "core/hash.h"
#include "core/json_fields.h"
#include "imports/readers.h"

namespace evolbench {

namespace {

// The judge's text: raw_completion is text in older files and a completion object
// (with its "text") in newer ones.
std::string judge_text(const nlohmann::json& record) {
  const auto raw = record.find("raw_completion");
  if (raw == record.end()) return "";
  if (raw->is_string()) return raw->get<std::string>();
  if (raw->is_object()) {
    const auto text = raw->find("text");
    if (text != raw->end() && text->is_string()) return text->get<std::string>();
  }
  return "";
}

Outcome baseline_outcome(const std::optional<double>& preference) {
  if (!preference || *preference < 1.0 || *preference > 2.0) return Outcome::kUnparsed;
  if (*preference > 1.5) return Outcome::kLoss;
  if (*preference < 1.5) return Outcome::kWin;
  return Outcome::kTie;
}

}  // namespace

Status read_alpacaeval(const std::string& path, const ImportOptions& options, ImportedJudgments& out) {
  auto text = read_file(path);
  EVB_TRY(text);
  auto root = parse_json(*text, path + ": ");
  EVB_TRY(root);
  if (!root->is_array())
    return input_error(path + ": expected a JSON array of AlpacaEval annotations, got " +
                       describe_json(*root));
  JudgmentCollector collector;
  std::string first_baseline_at;
  for (std::size_t i = 0; i < root->size(); ++i) {
    const std::string where = path + ": record " + std::to_string(i + 1);
    const nlohmann::json& record = (*root)[i];
    if (!record.is_object()) return input_error(where + ": expected an object, got " + describe_json(record));
    const FieldReader fields(record, where);
    auto instruction = fields.text("instruction");
    EVB_TRY(instruction);
    auto baseline = fields.text("generator_1");
    EVB_TRY(baseline);
    auto model = fields.text("generator_2");
    EVB_TRY(model);
    auto baseline_output = fields.text("output_1");
    EVB_TRY(baseline_output);
    auto model_output = fields.text("output_2");
    EVB_TRY(model_output);
    auto preference = fields.nullable_number("preference");
    EVB_TRY(preference);
    auto annotator = fields.optional_text("annotator");
    EVB_TRY(annotator);
    auto dataset = fields.optional_text("dataset");
    EVB_TRY(dataset);
    if (*model == *baseline)
      return fields.error("generator_2", "'" + *model + "' is also generator_1; a model cannot be judged against itself");

    if (out.baseline.empty()) {
      if (!options.baseline.empty() && *baseline != options.baseline)
        return fields.error("generator_1", "'" + *baseline + "' is not the baseline asked for, '" +
                                               options.baseline + "'");
      out.baseline = *baseline;
      first_baseline_at = where;
    } else if (*baseline != out.baseline) {
      return fields.error("generator_1", "a second baseline '" + *baseline + "' (" + first_baseline_at +
                                             " has '" + out.baseline + "'); import one baseline per file");
    }

    JudgmentRecord judged;
    judged.model = *model;
    judged.item = Item{.id = "alpacaeval-" + short_hash(*instruction),
                       .instruction = *instruction,
                       .difficulty = 0,
                       .skill = *dataset,
                       .reference = std::nullopt};
    judged.where = where;
    judged.answers = {Answer{judged.item.id, *baseline, std::move(baseline_output).value(), 1},
                      Answer{judged.item.id, *model, std::move(model_output).value(), 1}};
    ImportedGame game;
    game.game.judge = *annotator;
    game.game.judge_model = *annotator;
    game.game.item_id = judged.item.id;
    game.game.model_a = *baseline;
    game.game.model_b = *model;
    game.game.outcome = baseline_outcome(*preference);
    if (game.game.outcome != Outcome::kUnparsed) game.game.preference = 2.0 - **preference;
    game.game.output = judge_text(record);
    game.position_known = false;
    game.source_value = *preference;
    game.where = where;
    judged.games.push_back(std::move(game));
    collector.add(std::move(judged));
  }
  collector.finish(out);
  return {};
}

}  // namespace evolbench
