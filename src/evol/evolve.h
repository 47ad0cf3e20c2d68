// Evol-Instruct rounds (WizardLM, arXiv 2304.12244): every round rewrites the latest
// kept instruction of every family with one operation, answers it, and eliminates
// failed rewrites; a failed rewrite leaves its parent to evolve again next round, as
// in the paper. Every evolution, kept or eliminated, is put in the store with its
// lineage and the rule that fired.
//
// Families are evolved a chunk at a time (all rounds of a chunk, then the next), so
// memory holds one chunk plus the duplicate index, however large the seed file.
// Every decision is a function of the seed and the stored calls, made in family
// order after each batch returns: a rerun, a resumed run or a run over HTTP with
// replies in any order gives the same pool.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/failures.h"
#include "core/records.h"
#include "core/result.h"
#include "core/stage_progress.h"
#include "evol/elimination.h"
#include "evol/operations.h"
#include "judge/judge_file.h"
#include "llm/chat_model.h"
#include "store/run_store.h"

namespace evolbench {

struct EvolveOptions {
  int rounds = 4;  // the paper's M
  std::string evolver_model;
  SamplingParams evolver_params{0.7, 2048, std::nullopt};
  std::map<std::string, double> operation_weights;  // empty: all operations alike
  // Answers every kept member (seeds too); "" turns answers and the answer rules off.
  std::string answer_model;
  SamplingParams answer_params{0.7, 2048, std::nullopt};
  // Kind equality; null turns the no-information-gain rule off.
  const JudgeSpec* equality_judge = nullptr;
  std::string equality_model;  // "" uses the judge file's model
  // The grader: a judge file of kind difficulty; null leaves members unscored.
  const JudgeSpec* grader = nullptr;
  std::string grader_model;  // "" uses the judge file's model
  EliminationOptions elimination;
  std::uint64_t seed = 1;
  std::size_t families_per_chunk = 1000;
};

struct EvolveSummary {
  std::size_t members = 0;          // seeds and evolutions in the store for these seeds
  std::size_t kept = 0;
  std::size_t eliminated = 0;
  FailureTally failures;            // calls left undone, by reason; a rerun asks again
  std::size_t unparsed_equality = 0;  // equality verdicts not read (evolution kept)
  std::size_t unparsed_difficulty = 0;
};

// Seeds become round-0 members (id = item id, never eliminated). Returns counts;
// the pool itself is in the store (RunStore::evolutions).
Result<EvolveSummary> evolve(const std::vector<Item>& seeds, const EvolTemplates& templates,
                             const EvolveOptions& options, ChatModel& model, RunStore& store,
                             const StageProgress& progress);

}  // namespace evolbench
