// simdjson rather than nlohmann::json: a Chatbot Arena dump holds millions of rows, and
// parsing bench/battles.sh's 1.7 million lines takes nlohmann 16.5 s, simdjson's DOM
// parser 1.1 s. It still validates every row in full (its syntax and UTF-8), not only
// the fields read. When it refuses a text, nlohmann parses it again to say at which byte.
#include <simdjson.h>

#include <optional>

#include "core/json_fields.h"
#include "core/jsonl.h"
#include "stats/battle_row_readers.h"

namespace evolbench {

namespace {

const char* json_type_name(simdjson::dom::element_type type) {
  switch (type) {
    case simdjson::dom::element_type::ARRAY: return "array";
    case simdjson::dom::element_type::OBJECT: return "object";
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE: return "number";
    case simdjson::dom::element_type::STRING: return "string";
    case simdjson::dom::element_type::BOOL: return "boolean";
    case simdjson::dom::element_type::NULL_VALUE: return "null";
  }
  return "value";
}

// A JSON value for messages, as describe_json words one: its type and the start of its text.
std::string describe_element(simdjson::dom::element value) {
  std::string shown = simdjson::minify(value);
  if (shown.size() > 40) shown = shown.substr(0, 37) + "...";
  return std::string(json_type_name(value.type())) + " " + shown;
}

// The Error for a text simdjson refused: nlohmann's, which names the byte, unless it
// takes the text (simdjson limits depth), then simdjson's reason.
Error not_json(std::string_view text, const std::string& where, simdjson::error_code code) {
  auto parsed = parse_json(text, where + ": ");
  if (!parsed.ok()) return parsed.error();
  return input_error(where + ": not valid JSON: " + simdjson::error_message(code));
}

// Reads the battle fields of one record. question_id's text, when it was written as an
// integer, is kept in `id_digits`, which the row's view then points into.
Status read_record(simdjson::dom::element record, const RowPlace& place, std::string& id_digits, BattleRow& row) {
  simdjson::dom::object object;
  if (record.get(object) != simdjson::SUCCESS)
    return input_error(place.where() + ": expected an object, got " + describe_element(record));
  // One pass over the record's fields (Chatbot Arena's have a dozen), then the checks in
  // a fixed order, so a record with two faults names the same one whatever its order.
  std::optional<simdjson::dom::element> model_a, model_b, winner, question_id;
  for (const auto field : object) {
    if (field.key == "model_a") model_a = field.value;
    else if (field.key == "model_b") model_b = field.value;
    else if (field.key == "winner") winner = field.value;
    else if (field.key == "question_id") question_id = field.value;
  }
  const auto text = [&](const char* name, const std::optional<simdjson::dom::element>& value,
                        std::string_view& out) -> Status {
    if (!value) return place.error(name, "missing");
    if (value->get(out) != simdjson::SUCCESS) return place.error(name, "expected a string, got " + describe_element(*value));
    return {};
  };
  EVB_TRY(text("model_a", model_a, row.model_a));
  EVB_TRY(text("model_b", model_b, row.model_b));
  EVB_TRY(text("winner", winner, row.winner_text));
  row.question_id = {};
  if (!question_id) return {};
  if (std::int64_t number; question_id->get(number) == simdjson::SUCCESS) {
    id_digits = std::to_string(number);
    row.question_id = id_digits;
  } else if (std::uint64_t large; question_id->get(large) == simdjson::SUCCESS) {
    id_digits = std::to_string(large);
    row.question_id = id_digits;
  } else if (question_id->get(row.question_id) != simdjson::SUCCESS || row.question_id.empty()) {
    return place.error("question_id", "expected an integer or text id, got " + describe_element(*question_id));
  }
  return {};
}

}  // namespace

Status read_json_battle_rows(std::string& text, const std::string& path, const BattleRowVisitor& visit) {
  // The DOM parser reads up to SIMDJSON_PADDING bytes past a document's end: they need
  // only be allocated, and every row is followed by the rest of the text and then these.
  static_assert(kJsonPadding >= simdjson::SIMDJSON_PADDING);
  text.reserve(text.size() + kJsonPadding);
  std::string_view content = text;
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);  // a UTF-8 byte-order mark
  simdjson::dom::parser parser;
  std::string id_digits;
  BattleRow row;
  const auto first = content.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && content[first] == '[') {
    simdjson::dom::element root;
    if (const auto code = parser.parse(content.data(), content.size(), false).get(root); code != simdjson::SUCCESS)
      return not_json(content, path, code);
    simdjson::dom::array records;
    if (root.get(records) != simdjson::SUCCESS)
      return input_error(path + ": expected a JSON array of battles, got " + describe_element(root));
    RowPlace place{.path = path, .number = 0, .record = true};
    for (const simdjson::dom::element record : records) {
      ++place.number;
      EVB_TRY(read_record(record, place, id_digits, row));
      EVB_TRY(visit(row, place));
    }
    return {};
  }
  return for_each_line_of(content, [&](std::string_view line, int line_number) -> Status {
    const RowPlace place{.path = path, .number = line_number, .record = false};
    simdjson::dom::element record;
    if (const auto code = parser.parse(line.data(), line.size(), false).get(record); code != simdjson::SUCCESS)
      return not_json(line, place.where(), code);
    EVB_TRY(read_record(record, place, id_digits, row));
    return visit(row, place);
  });
}

}  // namespace evolbench
