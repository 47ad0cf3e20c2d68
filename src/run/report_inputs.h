// What the report shows beyond the statistics, read from the run store: the item
// browser's judgments, the difficulty histogram of each evolution round, and the
// order policy the judgments were made under.
#pragma once

#include <vector>

#include "core/result.h"
#include "stats/pair_table.h"
#include "stats/results.h"
#include "run/run_records.h"
#include "store/run_store.h"

namespace evolbench {

// Fills results.browser with at most kBrowserCap of records.judged (evenly spread over
// them, so every pair and stratum shows up), each text cut to kBrowserTextCap
// characters, and results.browser_total; and results.difficulty_by_round from the
// kept evolutions of the store; results.orders from the store's judge facts
// (kOrdersBoth when the store does not say).
Status add_report_inputs(RunStore& store, const RunRecords& records, Results& results);

}  // namespace evolbench
