#include "core/jsonl.h"

#include <nlohmann/json.hpp>

#include "core/files.h"
#include "core/json_fields.h"
#include "core/text.h"

namespace evolbench {

namespace {

using nlohmann::json;

template <class Record, class ParseLine>
Result<std::vector<Record>> read_lines(const std::string& path, ParseLine parse_line) {
  std::vector<Record> records;
  const Status visited = for_each_line(path, [&](std::string_view line, int line_number) -> Status {
    auto record = parse_line(line, path, line_number);
    EVB_TRY(record);
    records.push_back(std::move(record).value());
    return {};
  });
  EVB_TRY(visited);
  return records;
}

// read_lines for records with an `id` that must be unique in the file.
template <class Record, class ParseLine>
Result<std::vector<Record>> read_identified_lines(const std::string& path, ParseLine parse_line) {
  UniqueIds ids(path);
  return read_lines<Record>(path, [&](std::string_view line, const std::string& file, int line_number) -> Result<Record> {
    auto record = parse_line(line, file, line_number);
    EVB_TRY(record);
    EVB_TRY(ids.add(record->id, line_number));
    return record;
  });
}

template <class Record>
Status write_lines(const std::string& path, const std::vector<Record>& records) {
  std::string content;
  for (const auto& record : records) {
    content += to_jsonl_line(record);
    content += '\n';
  }
  return write_file_atomic(path, content);
}

}  // namespace

Status UniqueIds::add(const std::string& id, int line_number, std::string_view field) {
  const auto [first, added] = first_line_.emplace(id, line_number);
  if (added) return {};
  return input_error(path_ + ":" + std::to_string(line_number) + ": field '" + std::string(field) +
                     "': duplicate id '" + id + "' (first on line " + std::to_string(first->second) + ")");
}

Status for_each_line(const std::string& path,
                     const std::function<Status(std::string_view line, int line_number)>& visit) {
  auto content = read_file(path);
  EVB_TRY(content);
  return for_each_line_of(*content, visit);
}

Status for_each_line_of(std::string_view content,
                        const std::function<Status(std::string_view line, int line_number)>& visit) {
  std::string_view rest = content;
  int line_number = 0;
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    ++line_number;
    if (!trim(line).empty()) EVB_TRY(visit(line, line_number));
  }
  return {};
}

Result<Item> parse_item_line(std::string_view line, const std::string& path, int line_number) {
  auto object = parse_object(line, path, line_number);
  EVB_TRY(object);
  FieldReader fields(*object, path, line_number);
  Item item;
  auto id = fields.text("id");
  EVB_TRY(id);
  auto instruction = fields.text("instruction");
  EVB_TRY(instruction);
  auto difficulty = fields.integer("difficulty", 1, 10, 0);
  // 0 means "not scored" only when the field is absent; a written 0 is out of range.
  EVB_TRY(difficulty);
  auto skill = fields.optional_text("skill");
  EVB_TRY(skill);
  item.id = std::move(id).value();
  if (item.id.empty()) return fields.error("id", "empty");
  item.instruction = std::move(instruction).value();
  if (trim(item.instruction).empty()) return fields.error("instruction", "empty");
  item.difficulty = *difficulty;
  item.skill = std::move(skill).value();
  if (fields.has("reference")) {
    auto reference = fields.optional_text("reference");
    EVB_TRY(reference);
    item.reference = std::move(reference).value();
  }
  if (fields.has("turns")) {
    auto turns = fields.text_list("turns");
    EVB_TRY(turns);
    if (turns->empty()) return fields.error("turns", "empty (a single instruction needs no 'turns')");
    if (turns->front() != item.instruction)
      return fields.error("turns", "the first turn is not the 'instruction'");
    item.follow_ups.assign(turns->begin() + 1, turns->end());
  }
  if (fields.has("references")) {
    if (item.reference) return fields.error("references", "given with 'reference' (give one of them)");
    auto references = fields.text_list("references");
    EVB_TRY(references);
    if (Status set = set_references(item, *references); !set.ok())
      return fields.error("references", set.error().message);
  }
  return item;
}

Result<std::vector<Item>> read_items(const std::string& path) {
  return read_identified_lines<Item>(path, parse_item_line);
}

Result<std::vector<ItemLine>> read_item_lines(const std::string& path) {
  UniqueIds ids(path);
  return read_lines<ItemLine>(path, [&](std::string_view line, const std::string& file,
                                        int line_number) -> Result<ItemLine> {
    auto item = parse_item_line(line, file, line_number);
    EVB_TRY(item);
    EVB_TRY(ids.add(item->id, line_number));
    auto object = parse_object(line, file, line_number);
    EVB_TRY(object);
    if (const auto meta = object->find("meta"); meta != object->end() && !meta->is_object())
      return FieldReader(*object, file, line_number).error("meta", "expected an object, got " + describe_json(*meta));
    return ItemLine{std::move(item).value(), std::string(line)};
  });
}

std::string graded_item_line(const ItemLine& line, int difficulty, const DifficultyGraderNote& grader) {
  // The line was read by read_item_lines: it is a JSON object whose meta is an object.
  auto object = nlohmann::ordered_json::parse(line.text, nullptr, /*allow_exceptions=*/false);
  if (difficulty == 0) {
    object.erase("difficulty");
    if (object.contains("meta")) object["meta"].erase("difficulty_grader");
    return object.dump();
  }
  object["difficulty"] = difficulty;
  object["meta"]["difficulty_grader"] = {
      {"model", grader.model}, {"judge", grader.judge}, {"simulated", grader.simulated}};
  return object.dump();
}

std::string to_jsonl_line(const Item& item) {
  json out = {{"id", item.id}, {"instruction", item.instruction}};
  if (item.difficulty > 0) out["difficulty"] = item.difficulty;
  out["skill"] = item.skill;
  if (!item.follow_ups.empty()) {
    json turns = json::array({item.instruction});
    for (const auto& turn : item.follow_ups) turns.push_back(turn);
    out["turns"] = std::move(turns);
  }
  if (!item.follow_up_references.empty()) {
    json references = json::array({item.reference.value_or("")});
    for (const auto& reference : item.follow_up_references) references.push_back(reference);
    out["references"] = std::move(references);
  } else if (item.reference) {
    out["reference"] = *item.reference;
  }
  return out.dump();
}

Status write_items(const std::string& path, const std::vector<Item>& items) {
  return write_lines(path, items);
}

Result<Evolution> parse_evolution_line(std::string_view line, const std::string& path,
                                       int line_number) {
  auto object = parse_object(line, path, line_number);
  EVB_TRY(object);
  FieldReader fields(*object, path, line_number);
  Evolution evolution;
  auto id = fields.text("id");
  EVB_TRY(id);
  auto parent = fields.optional_text("parent_id");
  EVB_TRY(parent);
  auto root = fields.optional_text("root_id");
  EVB_TRY(root);
  auto round = fields.integer("round", 0, 1000, 0);
  EVB_TRY(round);
  auto operation = fields.optional_text("operation", "seed");
  EVB_TRY(operation);
  auto instruction = fields.text("instruction");
  EVB_TRY(instruction);
  auto answer = fields.optional_text("answer");
  EVB_TRY(answer);
  auto status = fields.optional_text("status", "kept");
  EVB_TRY(status);
  auto rule = fields.optional_text("rule");
  EVB_TRY(rule);
  auto difficulty = fields.integer("difficulty", 1, 10, 0);
  EVB_TRY(difficulty);
  auto skill = fields.optional_text("skill");
  EVB_TRY(skill);
  evolution.id = std::move(id).value();
  evolution.parent_id = std::move(parent).value();
  evolution.root_id = root->empty() ? evolution.id : std::move(root).value();
  evolution.round = *round;
  evolution.operation = std::move(operation).value();
  evolution.instruction = std::move(instruction).value();
  evolution.answer = std::move(answer).value();
  if (*status == "kept") evolution.status = EvolutionStatus::kKept;
  else if (*status == "eliminated") evolution.status = EvolutionStatus::kEliminated;
  else return fields.error("status", "expected \"kept\" or \"eliminated\", got \"" + *status + "\"");
  evolution.elimination_rule = std::move(rule).value();
  evolution.difficulty = *difficulty;
  evolution.skill = std::move(skill).value();
  return evolution;
}

Result<std::vector<Evolution>> read_evolutions(const std::string& path) {
  return read_identified_lines<Evolution>(path, parse_evolution_line);
}

std::string to_jsonl_line(const Evolution& evolution) {
  json out = {{"id", evolution.id},
              {"parent_id", evolution.parent_id},
              {"root_id", evolution.root_id},
              {"round", evolution.round},
              {"operation", evolution.operation},
              {"instruction", evolution.instruction}};
  if (!evolution.answer.empty()) out["answer"] = evolution.answer;
  out["status"] = to_string(evolution.status);
  if (!evolution.elimination_rule.empty()) out["rule"] = evolution.elimination_rule;
  if (evolution.difficulty > 0) out["difficulty"] = evolution.difficulty;
  if (!evolution.skill.empty()) out["skill"] = evolution.skill;
  return out.dump();
}

Status write_evolutions(const std::string& path, const std::vector<Evolution>& pool) {
  return write_lines(path, pool);
}

Result<Answer> parse_answer_line(std::string_view line, const std::string& path,
                                 int line_number) {
  auto object = parse_object(line, path, line_number);
  EVB_TRY(object);
  FieldReader fields(*object, path, line_number);
  auto item_id = fields.text("item_id");
  EVB_TRY(item_id);
  auto model = fields.text("model");
  EVB_TRY(model);
  auto text = fields.has("text") ? fields.text("text") : fields.text("output");
  EVB_TRY(text);
  return Answer{.item_id = std::move(item_id).value(), .model = std::move(model).value(),
                .text = std::move(text).value(), .turn = 1};
}

Result<std::vector<Answer>> read_answers(const std::string& path) {
  return read_lines<Answer>(path, parse_answer_line);
}

std::string to_jsonl_line(const Answer& answer) {
  return json{{"item_id", answer.item_id}, {"model", answer.model}, {"text", answer.text}}.dump();
}

Status write_answers(const std::string& path, const std::vector<Answer>& answers) {
  return write_lines(path, answers);
}

}  // namespace evolbench
