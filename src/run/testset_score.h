// `evolbench testset score`: every item of a test set graded 1..10 by the plan's
// difficulty grader (evol/difficulty.h), through the model stack a run uses. The
// grader's calls are kept in a run store beside the output, so a rerun asks nothing
// and a run killed at any moment resumes with only the calls it had not finished.
#pragma once

#include <cstddef>
#include <string>

#include "core/failures.h"
#include "core/result.h"
#include "core/stage_progress.h"
#include "llm/cached_model.h"
#include "run/plan.h"

namespace evolbench {

struct TestsetScoreOptions {
  std::string testset_path;
  std::string out_path;       // the scored test set to write
  ProgressListener progress;  // empty: silent
};

struct TestsetScoreSummary {
  std::size_t items = 0;
  std::size_t graded = 0;
  // Items whose grade could not be read after the judge's parse retries, and one of
  // them with how its last output begins ("" when none).
  std::size_t unreadable = 0;
  std::string unreadable_example;
  FailureTally failures;  // items whose call failed
  std::string grader_model;
  std::string judge_path;
  bool simulated = false;  // graded by the built-in simulated grader
  std::string store_path;
  CallCounts calls;
};

// The store caching the grader's calls for `out_path`: beside it, named after it
// ("scored.jsonl" -> "scored.store.sqlite").
std::string score_store_path(const std::string& out_path);

// Reads the test set and the plan's grader, then grades every item (a difficulty it
// already had is graded again) and writes out_path: the input's lines in their order,
// each with its new difficulty and meta.difficulty_grader, other fields as written.
// Input Errors (naming file, line and field) come before anything is written. An item
// whose grade could not be read or whose call failed is written without a difficulty
// and counted in the summary; a rerun asks for it again.
Result<TestsetScoreSummary> score_testset(const Plan& plan, const TestsetScoreOptions& options);

}  // namespace evolbench
