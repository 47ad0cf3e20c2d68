// The regression gate: compares a candidate run's results.json with a baseline's and
// says, rule by rule and stratum by stratum, whether a gated model got worse.
//
// Matching: every figure is a gated model against one fixed reference model, read
// from the same place in both runs (win rate and LC win rate of the pair (model,
// reference); rating on the Elo scale anchored at the reference; WizardLM capacity
// against the reference). So a model that got worse fails even when every other
// model is unchanged, and a model that got better never makes another one fail. The
// reference itself is not gated: it must be a model that does not change (a
// published model, the last release). Runs over different items or judged by
// different judges are refused unless the caller allows the change.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "stats/results.h"

namespace evolbench {

enum class GateMetric { kWinRate, kRating, kLcWinRate, kCapacity };
// As rule files write them: win_rate, rating, lc_win_rate, capacity.
const char* to_string(GateMetric metric);
std::optional<GateMetric> gate_metric_from(const std::string& name);

// One rule. Drops are baseline minus candidate: rates and capacity as fractions
// (0.05 = 5 points), ratings in Elo.
struct GateRule {
  GateMetric metric = GateMetric::kWinRate;
  double max_drop = 0.05;                   // overall
  double max_drop_per_stratum = 0.10;       // each stratum in `strata`
  std::vector<std::string> strata;          // any of bucket, difficulty, skill
  std::optional<double> significance;       // fail only when a one-sided test of "no drop" gives p below this
  // win_rate: the overall check fails only when the drop also exceeds the judge's own
  // noise, z95 x sqrt(sd_baseline^2 + sd_candidate^2) with each run's
  // pairs[].repeats.judge_noise_sd (runs judged with judge: {repeats: k}, k >= 2).
  bool beyond_judge_noise = false;
};

struct GateRules {
  std::string reference;            // "" = the baseline's ratings anchor
  std::vector<std::string> models;  // empty = every model of either run but the reference
  std::vector<GateRule> rules;
};

// How the two runs are matched, beyond the rules (the command line's choices).
struct GateMatching {
  bool allow_changed_testset = false;  // gate runs whose item sets differ
  bool allow_changed_judge = false;    // gate runs whose judge labels differ
  // Baseline model name -> its name in the candidate run; names in the rules and in
  // the checks are the candidate's.
  std::map<std::string, std::string> renames;
};

// Used when no rules file is given: win rate (overall 5 points, buckets 10 points),
// LC win rate (5 points) and rating (25 Elo), each failing only on a drop significant
// at 0.05.
GateRules default_gate_rules();

enum class GateVerdict { kPass, kFail, kSkipped };
// pass, fail, skipped.
const char* to_string(GateVerdict verdict);

// One rule on one model and stratum.
struct GateCheck {
  GateMetric metric = GateMetric::kWinRate;
  std::string model;
  std::string reference;
  std::string stratum;  // "overall", "bucket hard", "level 7", "skill code"
  double baseline = 0.0;
  double candidate = 0.0;
  double allowed = 0.0;             // largest drop allowed
  std::optional<double> p_value;    // when the rule asks for significance
  std::optional<double> judge_noise;  // the drop the judge's noise alone can make, when the rule asks
  int baseline_n = 0;
  int candidate_n = 0;
  GateVerdict verdict = GateVerdict::kPass;
  std::string reason;  // the figures, or why the check was skipped

  double drop() const { return baseline - candidate; }
};

struct GateReport {
  std::string reference;
  std::vector<GateCheck> checks;
  // What a reader of the verdict must know: changes allowed, renames, what could not
  // be checked.
  std::vector<std::string> notes;
  int failures() const;
  int skipped() const;
  bool passed() const { return failures() == 0; }
};

// Every check of `rules` on the two runs. An input Error, saying what differs, when
// they cannot be compared: item sets (by testset.item_ids, else by count) or judge
// labels that differ and are not allowed by `matching`, a rename of a model a run
// lacks, the reference missing from a run, ratings anchored at different models, a
// capacity rule on runs without capacity figures, a beyond_judge_noise rule on a pair
// without judge repeats in a run, no model to gate. A model to gate
// that is missing from a run fails every rule. Strata under kSmallStratum items in
// either run, and a missing LC win rate, are skipped, not failed.
Result<GateReport> evaluate_gate(const Results& baseline, const Results& candidate,
                                 const GateRules& rules, const GateMatching& matching = {});

// JUnit XML: one test suite per metric, one test case per model and stratum, the
// figures in the failure or skip message.
std::string gate_junit(const GateReport& report);

// The notes, one line per check for the terminal, then a verdict line.
std::string gate_text(const GateReport& report);

// The same as one JSON document (`gate --json`): passed, failures, checks_total, skipped,
// reference, notes[], checks[] (metric, model, reference, stratum, verdict pass|fail|
// skipped, baseline, candidate, drop, allowed, p_value or null, judge_noise or null,
// baseline_n, candidate_n, reason).
std::string gate_json(const GateReport& report);

}  // namespace evolbench
