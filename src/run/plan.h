// Plan files: which stages to run, on which models, with which judges. `evolbench
// run PLAN` reads one; `evolbench demo` builds one in code (demo.h).
//
//   seed: 7
//   sim:                            # the simulated world: models with no endpoint
//     judge: {position_bias: 0.2, length_bias: 0.3, noise: 0.3, tie_strength: 0.4}
//                                   # style_bias: logits for a markdown answer over a plain one (default 0)
//                                   # self_bias: logits for an answer of its own family (default 0)
//     judges:                       # more simulated judges (same fields), e.g. for a panel
//       - {name: sim-judge-lenient, position_bias: 0.6, noise: 0.5, unparsable_rate: 0.05}
//     evolver_failure_rate: 0.1
//   models:                         # answer models, in report order
//     - {name: sim-strong, quality: 0.9, difficulty_slope: 0.4, verbosity: 1.0}
//                                   # markdown: share of answers with headers, lists, bold (default 0)
//                                   # family: its maker's line (default: from the model id,
//                                   # core/families.h); also endpoints.NAME.family and sim judges'
//     - name: my-finetune           # a model served over HTTP (see endpoint fields below)
//       endpoint: {kind: openai, base_url: "http://127.0.0.1:8000/v1", model: ft-7b}
//       sampling: {temperature: 0, max_tokens: 1024, top_p: 0.9, seed: 1, stop: ["</s>"]}
//                                   # its answers' sampling (default temperature 0.7, 2048 tokens)
//   endpoints:                      # endpoints of the judge, grader or evolver models
//     gpt-judge: {kind: openai, model: gpt-4o, api_key_env: OPENAI_API_KEY,
//                 prices: {prompt: 2.5, completion: 10}}
//   evolve:
//     seeds: seeds.jsonl
//     rounds: 4                       # the paper's M
//     model: sim-evolver
//     templates: DIR                  # default: the shipped templates/evol
//     weights: {deepen: 2, breadth: 1}          # default: every operation alike
//     answer_model: sim-teacher       # "" for none (turns the answer rules off)
//     equality: {judge: judges/evol-equality.yaml, model: ...}
//     elimination: {near_duplicate_threshold: 0.8, max_words: 400, language: true, ...}
//   difficulty: {judge: judges/difficulty.yaml, model: sim-grader}
//   testset: {per_bucket: 15}       # or {path: testsets/x.jsonl} to skip evolution
//   judge: {file: judges/pairwise.yaml, model: sim-judge}
//   stats: {rounds: 1000, seed: 7, anchor: MODEL}   # bootstrap and ratings (defaults:
//                                   # 1000, the plan's seed, the baseline or first model)
//     # optional: panel: [sim-judge, sim-judge-lenient, ...]   several judge models
//     #           exclude_own_family: true   a member's verdict is left out of the panel's
//     #                                      on pairs where it grades its own family
//     #           orders: both | one-random                    (default both)
//     #           pairs: all | baseline | sampled              (default all)
//     #           baseline: MODEL, pairs_per_item: N           (for baseline, sampled)
//     #           human_labels: FILE   JSONL of {item_id, model_a, model_b, winner:
//     #                                model_a | model_b | tie}, for judge agreement
//
// Endpoint fields: kind (openai | anthropic | file | sim), base_url (or a list of the
// base URLs of replicas serving the same model), model (the id the
// API knows), api_key_env (the variable holding the key: keys never go in the plan),
// path (file: JSONL or AlpacaEval model_outputs.json), extra_body (a mapping merged
// into every request body), max_in_flight, requests_per_minute, tokens_per_minute,
// timeout_s, max_attempts, deadline_s, prices (US dollars per million prompt and
// completion tokens), failures_to_set_aside and set_aside_s (replicas: failed attempts
// in a row that set one aside, and for how many seconds).
//
// Relative paths are relative to the plan file; judges and templates default to the
// ones shipped with evolbench.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/families.h"
#include "core/records.h"
#include "core/result.h"
#include "judge/pairwise.h"
#include "llm/http_endpoint.h"
#include "evol/elimination.h"
#include "evol/evolve.h"
#include "evol/testset.h"
#include "sim/sim.h"
#include "stats/statistics.h"

namespace evolbench {

// A plan holds each stage's options as the stage takes them, so the run copies none
// of them; the files they name are loaded and checked by load_run_inputs.
struct Plan {
  std::uint64_t seed = 1;            // set with set_seed: every stage draws from it
  SimWorld sim;                      // sim.answer_models are the models compared
  std::map<std::string, EndpointConfig> endpoints;  // by model name; others are simulated
  // Sampling for a model's answers, by model name; others use AnswerOptions' default.
  std::map<std::string, SamplingParams> answer_sampling;

  // Evolution (a plan without testset_path). evolve's judge pointers stay null here:
  // the run points them at the files loaded from these paths.
  std::vector<Item> seeds;
  std::string templates_dir;
  std::string equality_judge_path;   // "": no-information-gain rule off
  std::string difficulty_judge_path;
  EvolveOptions evolve;
  TestsetOptions testset;            // how the test set is drawn from the pool

  std::string testset_path;          // a ready test set: no evolution
  std::string judge_path;
  std::string human_labels_path;     // "" when no human judgments are given
  PairwiseOptions judge;             // its models and families are the plan's, set by the run
  // Families named in the plan (models[i].family, endpoints.NAME.family, sim.judge.family,
  // sim.judges[i].family); others by default_family (core/families.h).
  StatisticsOptions statistics;      // anchor "": the baseline, else the first model
  Families families;

  // The plan's seed, given to the simulated world and to every stage that draws.
  void set_seed(std::uint64_t value);
  std::vector<std::string> model_names() const;
  // A model's or judge's family: as the plan names it, else default_family of its
  // endpoint's model id, else of its name.
  std::string family(const std::string& name) const;
};

// A plan with the shipped judges and templates (run/data_dir.h) and no models or seeds;
// an input error when the shipped data is nowhere to be found.
Result<Plan> default_plan();

// What a plan is read for: a run needs its models and a test set (evolved or given);
// grading a test set (`testset score`) needs only the grader and its endpoint.
enum class PlanUse { kRun, kGrading };

Result<Plan> load_plan(const std::string& path, PlanUse use = PlanUse::kRun);

}  // namespace evolbench
