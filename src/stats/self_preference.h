// Self-preference: does a judge favour answers of its own model family? LLM judges are
// known to (Zheng et al. 2023, "Judging LLM-as-a-Judge with MT-Bench and Chatbot Arena",
// section 3.3; Panickssery et al. 2024, "LLM Evaluators Recognize and Favor Their Own
// Generations"). Neither of those reports it per run; evolbench does, from the run's own
// verdicts: for each judge model and each pair of one model of its family (core/
// families.h) against one of another, the own-family model's win rate under that judge,
// beside its win rate under the panel's other members on the same items, so a judge's
// lean is measured against judges that have no stake. A pair of two own-family models is
// not counted (grades_own_family).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/families.h"
#include "core/records.h"
#include "stats/results.h"

namespace evolbench {

// One judge model's judgments (each item's combined outcome over its orders).
struct JudgeModelVerdicts {
  std::string judge_model;
  std::vector<Judgment> judgments;
};

// An entry for each judge model that grades its own family on some judged pair, in the
// order of `judges`, pairs in order of first judgment. `others` are the other judge
// models' verdicts on the same (item, pair, turn), each verdict counted once; none
// when no other judge judged them. Unparsed verdicts are left out. `left_out` marks
// every entry (the panel's exclude_own_family).
std::vector<SelfPreference> self_preference(const std::vector<JudgeModelVerdicts>& judges,
                                            const Families& families, bool left_out);

}  // namespace evolbench
