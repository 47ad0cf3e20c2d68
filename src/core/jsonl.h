// JSONL reading and writing for the records in records.h.
//
// Readers check every line: bad JSON, invalid UTF-8, a missing or mistyped field, an
// id already used on an earlier line is an input Error "path:line: field 'name':
// reason". Blank lines are skipped; fields the record does not know are ignored.
// Writers replace the file atomically.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/records.h"
#include "core/result.h"

namespace evolbench {

// Calls `visit` with each non-blank line of the file and its 1-based number,
// stopping at the first Error it returns.
Status for_each_line(const std::string& path,
                     const std::function<Status(std::string_view line, int line_number)>& visit);
// The same over text already read.
Status for_each_line_of(std::string_view content,
                        const std::function<Status(std::string_view line, int line_number)>& visit);

// Remembers the line each id of a file was read on. Ids key the run store, where a
// repeated one fails only later and in the database's words.
class UniqueIds {
 public:
  explicit UniqueIds(std::string path) : path_(std::move(path)) {}
  // An input Error "path:line: field 'FIELD': duplicate id 'ID' (first on line N)" when
  // `id` was added before; `field` names where the id came from.
  Status add(const std::string& id, int line_number, std::string_view field = "id");

 private:
  std::string path_;
  std::unordered_map<std::string, int> first_line_;
};

// Test-set line: id, instruction, difficulty (1..10, optional), skill, reference.
Result<Item> parse_item_line(std::string_view line, const std::string& path, int line_number);
Result<std::vector<Item>> read_items(const std::string& path);
std::string to_jsonl_line(const Item& item);
Status write_items(const std::string& path, const std::vector<Item>& items);

// A test-set line read to be written again with its difficulty changed: the item and
// the line as written, so fields evolbench does not read are kept.
struct ItemLine {
  Item item;
  std::string text;
};

// Who graded a test set's difficulties, recorded in each graded line's
// meta.difficulty_grader.
struct DifficultyGraderNote {
  std::string model;
  std::string judge;  // the judge file's label, name@hash
  bool simulated = false;
};

// read_items, keeping each line; a `meta` field, when present, must be an object.
Result<std::vector<ItemLine>> read_item_lines(const std::string& path);

// `line` with `difficulty` (1..10) and meta.difficulty_grader set from `grader`, or,
// with difficulty 0, with no difficulty and no grader; every other field as it was
// written, in its order.
std::string graded_item_line(const ItemLine& line, int difficulty, const DifficultyGraderNote& grader);

// Pool line: id, parent_id, root_id, round, operation, instruction, answer, status, rule,
// difficulty, skill.
Result<Evolution> parse_evolution_line(std::string_view line, const std::string& path,
                                       int line_number);
Result<std::vector<Evolution>> read_evolutions(const std::string& path);
std::string to_jsonl_line(const Evolution& evolution);
Status write_evolutions(const std::string& path, const std::vector<Evolution>& pool);

// Answer line: item_id, model, text (the `output` of AlpacaEval files is accepted too).
Result<Answer> parse_answer_line(std::string_view line, const std::string& path, int line_number);
Result<std::vector<Answer>> read_answers(const std::string& path);
std::string to_jsonl_line(const Answer& answer);
Status write_answers(const std::string& path, const std::vector<Answer>& answers);

}  // namespace evolbench
