// The batch route for clusters: the calls a plan's stages still need, written as an
// OpenAI Batch file (llm/batch_file.h) for vLLM's batch runner or a hosted batch API,
// and the results read back into the run store's call cache, after which the stages
// complete from the store with no call. custom_id is each call's cache key.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "run/pipeline.h"
#include "run/plan.h"
#include "core/result.h"

namespace evolbench {

// Writes to `path` the calls the plan's stages up to `last_stage` need that the store
// in `out_dir` cannot answer. Calls that depend on pending ones (the next evolution
// round, the judging of missing answers) come in a later export, after an import.
// Only calls bound for HTTP endpoints are written: simulated models and answer files
// are answered on the spot. A stage before `last_stage` with calls still pending is an
// input Error naming it (run it first).
struct BatchExport {
  std::size_t calls = 0;
  std::map<std::pair<std::string, std::string>, std::size_t> by_stage_and_model;  // calls written
};
Result<BatchExport> export_batch(const Plan& plan, const std::string& out_dir, Stage last_stage,
                                 const std::string& path);

struct BatchImport {
  std::size_t stored = 0;          // completions put in the call cache
  std::size_t already_stored = 0;  // results for calls the cache held already
  std::size_t failed = 0;          // results reporting a failed request: still pending
  std::vector<Error> invalid;      // unreadable lines, and custom_ids of no call of the plan
  std::size_t unanswered = 0;      // pending calls no line answered (a runner dropped them)
  std::map<std::string, std::size_t> unanswered_by_model;
};

// Reads batch output and error files into the call cache of the store in `out_dir`,
// matching each custom_id to a call the plan's stages need. Lines are checked one by
// one: a bad line is listed in `invalid` and the good ones are still stored. An Error
// only when a file cannot be read or the store fails.
Result<BatchImport> import_batch(const Plan& plan, const std::string& out_dir,
                                 const std::vector<std::string>& paths);

}  // namespace evolbench
