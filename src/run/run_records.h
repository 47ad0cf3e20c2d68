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

// Every figure but those of repeats is computed from the judge's first repeat, so a run
// with repeats reports them as one without.
struct RunRecords {
  std::vector<Item> items;             // the test set, in order
  std::vector<JudgedItem> judged;      // the judgments of `judge` on test-set items
  std::vector<Judgment> judgments;     // every stored judgment (panel members' too)
  std::vector<JudgeGame> games;        // the games of `judge`
  // When `judge` judged games more than once (plan judge.repeats): its judgments on
  // test-set items and its games, of every repeat; empty otherwise.
  std::vector<Judgment> repeated_judgments;
  std::vector<JudgeGame> repeated_games;
};

// The records under the judge label `judge`, of the first repeat, and every repeat's apart.
Result<RunRecords> read_run_records(RunStore& store, const std::string& judge);

}  // namespace evolbench
