// `evolbench testset import`: test sets of other projects into our format.
//
//   wizardlm    JSONL {idx, Skill, Difficulty, Instruction}   (the Evol-Instruct test set)
//   mtbench     JSONL {question_id, category, turns[], reference[]?}   (every turn kept; the
//               category is the skill; reference answers per turn, from the question or,
//               given a FastChat reference_answer/<model>.jsonl, from that file alone, as
//               FastChat's judging takes them)
//   vicuna      JSONL {question_id, text, category}
//   alpacaeval  JSON array [{instruction, dataset?, ...}]   (model_outputs.json or the eval set)
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/records.h"
#include "core/result.h"

namespace evolbench {

enum class ImportFormat { kWizardLm, kMtBench, kVicuna, kAlpacaEval };

// The format named `name`, or an input Error listing the formats.
Result<ImportFormat> import_format(std::string_view name);

struct ImportedTestset {
  std::vector<Item> items;
  std::vector<std::string> skipped;  // one "file:line: field: reason" per bad record
};

// Reads `path` in `format`. A malformed record, or one whose id repeats an earlier
// record's, is an input Error naming file, line and field, unless `skip_bad`, when it
// is skipped and listed (the first of a repeated id is kept). `references_path`
// (mtbench only; "" for none) gives every item's references by question id: an id
// that is no imported question's, or more references than turns, is an Error.
Result<ImportedTestset> import_testset(const std::string& path, ImportFormat format, bool skip_bad,
                                       const std::string& references_path = "");

}  // namespace evolbench
