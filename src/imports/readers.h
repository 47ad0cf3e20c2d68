// Private to src/imports: one reader per format, and the collection of records that
// keeps the later of two judgments of the same (model, question, turn).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "core/json_fields.h"
#include "imports/imported_judgments.h"

namespace evolbench {

// What one source record brings: an item, its answers and its games.
struct JudgmentRecord {
  std::string model;  // the judged model (pair: "model_1 vs model_2"), for the duplicate key
  Item item;
  int turn = 1;
  std::string where;  // "PATH:LINE" or "PATH: record N"
  std::vector<Answer> answers;
  std::vector<ImportedGame> games;
};

class JudgmentCollector {
 public:
  // Keeps `record`; one with the (model, item id, turn) of an earlier record replaces
  // it in place, with a warning naming both.
  void add(JudgmentRecord record);
  // Appends every record's item (once per id), answers and games to `out` and counts
  // its unreadable games.
  void finish(ImportedJudgments& out);

 private:
  std::vector<JudgmentRecord> records_;
  std::map<std::tuple<std::string, std::string, int>, std::size_t> index_by_key_;
  std::vector<std::string> warnings_;
};

// Reads each line of the JSONL file `path` into a record with `read_record` (given the
// line's object, a FieldReader for it and "PATH:LINE") and collects them into `out`.
using ReadRecord = std::function<Result<JudgmentRecord>(const nlohmann::json& object, const FieldReader& fields,
                                                        const std::string& where)>;
Status collect_jsonl(const std::string& path, const ReadRecord& read_record, ImportedJudgments& out);

Status read_alpacaeval(const std::string& path, const ImportOptions& options, ImportedJudgments& out);
Status read_arena_hard(const std::string& path, const ImportOptions& options, ImportedJudgments& out);
// arena-hard-battles and arena-battles: out.format says which.
Status read_battles(const std::string& path, const ImportOptions& options, ImportedJudgments& out);
Status read_mt_bench_single(const std::string& path, ImportedJudgments& out);
Status read_mt_bench_pair(const std::string& path, ImportedJudgments& out);

}  // namespace evolbench
