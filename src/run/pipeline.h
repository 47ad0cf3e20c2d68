// The flow of DESIGN.md: evolve -> score -> test set -> answer -> judge -> stats ->
// report, over one run store in an output folder. Each stage asks the store first,
// so a rerun or a resumed run makes only the calls that are missing.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "run/plan.h"
#include "core/result.h"
#include "core/stage_progress.h"
#include "llm/collecting_model.h"
#include "stats/results.h"
#include "stats/statistics.h"
#include "store/run_store.h"

namespace evolbench {


struct RunOptions {
  std::string out_dir;
  Stage last_stage = Stage::kReport;
  ProgressListener progress;  // empty: silent
  // Set: calls the store cannot answer are recorded here instead of made (for a batch
  // file), and the store's run summary is left as it was.
  std::vector<PendingCall>* collect_pending = nullptr;
};

// The store file inside an output folder.
std::string store_path(const std::string& out_dir);

// Runs the plan's stages up to `options.last_stage`, writing pool.jsonl, testset.jsonl
// and the store into out_dir, and with kReport also what write_report writes and
// judgments.csv. Returns the results (before kReport, only testset_strata).
Result<Results> run_plan(const Plan& plan, const RunOptions& options);

// Results from what the store holds (no model call): the judged pairs of the last run,
// with the bootstrap rounds, seed and rating anchor of `options`, and the report's item
// browser. `judged_out`, when given, receives the judged items the figures came from.
Result<Results> compute_results(RunStore& store, const StatisticsOptions& options = {},
                                std::vector<JudgedItem>* judged_out = nullptr);

// The bootstrap rounds, seed and anchor the run that filled the store used (defaults
// for a store from before they were kept).
Result<StatisticsOptions> stored_statistics_options(RunStore& store);

// results.json, leaderboard.csv, by_difficulty.csv, by_skill.csv, summary.md and
// index.html into `out_dir`.
Status write_report(const Results& results, const std::string& out_dir);

}  // namespace evolbench
