// What the statistics of a run are computed from, read from its store once: the test
// set, the judged items (with difficulty, skill and answers' style features) and the judge's
// games. The statistics themselves (src/stats/) are pure functions over these.
#pragma once

#include <string>
#include <vector>

#include "core/records.h"
#include "core/result.h"
#include "stats/pair_table.h"
#include "store/run_store.h"

namespace evolbench {

struct RunRecords {
  std::vector<Item> items;             // the test set, in order
  std::vector<JudgedItem> judged;      // the judgments of `judge` on test-set items
  std::vector<Judgment> judgments;     // every stored judgment (panel members' too)
  std::vector<JudgeGame> games;        // the games of `judge`
};

// The records under the judge label `judge`.
Result<RunRecords> read_run_records(RunStore& store, const std::string& judge);

}  // namespace evolbench
