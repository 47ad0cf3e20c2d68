// `evolbench import`: other benchmarks' judgments (imports/) made into a run store and
// the report `run` writes, with no model call, so a team's AlpacaEval annotations or
// Arena-Hard judgments get evolbench's item-level intervals, ratings and gate, with the
// source's own figures beside them (pairs[].source).
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "imports/imported_judgments.h"
#include "stats/results.h"
#include "stats/statistics.h"

namespace evolbench {

struct ImportRunOptions {
  JudgmentFormat format = JudgmentFormat::kAlpacaEval;
  std::vector<std::string> files;
  std::string out_dir;
  std::string baseline;          // "" = what the files say (Arena-Hard: its default; Chatbot Arena: the first model)
  StatisticsOptions statistics;  // anchor "" = the baseline
  // A judge file whose verdict patterns re-read the files' judge texts (import_check,
  // out_dir/import_disagreements.jsonl); "" for none.
  std::string judge_file;
};

// Reads every file before anything is written (a bad file writes nothing), then fills
// out_dir/store.sqlite and writes the report. The formats a run can hold today are
// alpacaeval, arena-hard and the two battle formats, whose rows are stored combined
// into one game per item and pair (combine_battle_rows); MT-Bench's are an input Error
// saying so.
Result<Results> import_run(const ImportRunOptions& options);

}  // namespace evolbench
