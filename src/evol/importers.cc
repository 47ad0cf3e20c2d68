#include "evol/importers.h"

#include "core/files.h"
#include "core/json_fields.h"
#include "core/jsonl.h"

namespace evolbench {

namespace {

Result<Item> wizardlm_item(const FieldReader& fields) {
  auto idx = fields.id_text("idx");
  EVB_TRY(idx);
  auto skill = fields.text("Skill");
  EVB_TRY(skill);
  auto difficulty = fields.integer("Difficulty", 1, 10, std::nullopt);
  EVB_TRY(difficulty);
  auto instruction = fields.text("Instruction");
  EVB_TRY(instruction);
  Item item;
  item.id = "wizardlm-" + *idx;
  item.instruction = *instruction;
  item.difficulty = *difficulty;
  item.skill = *skill;
  return item;
}

Result<Item> mtbench_item(const nlohmann::json& object, const FieldReader& fields) {
  auto id = fields.id_text("question_id");
  EVB_TRY(id);
  auto category = fields.optional_text("category");
  EVB_TRY(category);
  const auto turns = object.find("turns");
  if (turns == object.end() || !turns->is_array() || turns->empty() || !(*turns)[0].is_string())
    return fields.error("turns", "expected a list of text turns");
  Item item{"mtbench-" + *id, (*turns)[0].get<std::string>(), 0, *category, std::nullopt};
  if (const auto reference = object.find("reference");
      reference != object.end() && reference->is_array() && !reference->empty() && (*reference)[0].is_string())
    item.reference = (*reference)[0].get<std::string>();
  return item;
}

Result<Item> vicuna_item(const FieldReader& fields) {
  auto id = fields.id_text("question_id");
  EVB_TRY(id);
  auto text = fields.text("text");
  EVB_TRY(text);
  auto category = fields.optional_text("category");
  EVB_TRY(category);
  Item item;
  item.id = "vicuna-" + *id;
  item.instruction = *text;
  item.skill = *category;
  return item;
}

}  // namespace

Result<ImportFormat> import_format(std::string_view name) {
  if (name == "wizardlm") return ImportFormat::kWizardLm;
  if (name == "mtbench") return ImportFormat::kMtBench;
  if (name == "vicuna") return ImportFormat::kVicuna;
  if (name == "alpacaeval") return ImportFormat::kAlpacaEval;
  return input_error("unknown test-set format '" + std::string(name) +
                     "' (wizardlm, mtbench, vicuna, alpacaeval)");
}

Result<ImportedTestset> import_testset(const std::string& path, ImportFormat format, bool skip_bad) {
  ImportedTestset out;
  const auto keep = [&](Result<Item> item) -> Status {
    if (item.ok()) {
      out.items.push_back(std::move(item).value());
      return {};
    }
    if (!skip_bad) return item.error();
    out.skipped.push_back(item.error().message);
    return {};
  };

  if (format == ImportFormat::kAlpacaEval) {
    auto text = read_file(path);
    EVB_TRY(text);
    const auto root = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (root.is_discarded() || !root.is_array())
      return input_error(path + ": expected a JSON array of {\"instruction\", ...} records");
    for (std::size_t i = 0; i < root.size(); ++i) {
      // Records of a JSON array have no line of their own: errors name the record.
      const std::string where = path + ": record " + std::to_string(i + 1);
      const auto& record = root[i];
      if (!record.is_object() || !record.contains("instruction") || !record["instruction"].is_string()) {
        EVB_TRY(keep(input_error(where + ": field 'instruction': missing or not text")));
        continue;
      }
      const std::string dataset = record.contains("dataset") && record["dataset"].is_string()
                                      ? record["dataset"].get<std::string>() : "";
      EVB_TRY(keep(Item{"alpacaeval-" + std::to_string(i + 1), record["instruction"].get<std::string>(), 0,
                        dataset, std::nullopt}));
    }
    return out;
  }

  // The source's id field; a repeated id would reach the test set and fail at load.
  const char* id_source = format == ImportFormat::kWizardLm ? "idx" : "question_id";
  UniqueIds ids(path);
  const Status visited = for_each_line(path, [&](std::string_view line, int line_number) -> Status {
    auto object = parse_object(line, path, line_number);
    if (!object.ok()) return keep(object.error());
    const FieldReader fields(*object, path, line_number);
    Result<Item> item = format == ImportFormat::kWizardLm ? wizardlm_item(fields)
                        : format == ImportFormat::kMtBench ? mtbench_item(*object, fields)
                                                            : vicuna_item(fields);
    if (item.ok())
      if (Status unique = ids.add(item->id, line_number, id_source); !unique.ok()) item = unique.error();
    return keep(std::move(item));
  });
  EVB_TRY(visited);
  return out;
}

}  // namespace evolbench
