// How a pair's outcome changes with item difficulty: the WizardLM paper's claim that
// an evolved model's advantage grows on harder items, as a testable slope.
//
// Source: the claim is WizardLM's (Xu et al. 2023, arXiv 2304.12244, section 4.5), shown
// there as win rates per difficulty bucket. What evolbench does differently: it fits
// one logistic regression of the item's outcome on its difficulty level (a textbook
// binomial GLM, McCullagh and Nelder 1989), so the claim has a slope and a Wald interval
// instead of a picture, and buckets with few items do not drive it.
#pragma once

#include <optional>
#include <vector>

#include "stats/results.h"

namespace evolbench {

// One judged item of a pair, seen from the model.
struct ScoredItem {
  int difficulty = 0;   // 1..10; 0 unknown (left out)
  double score = 0.5;   // 1 win, 0.5 tie, 0 loss
};

// Logistic regression of the score on the difficulty level (ties as fractional
// targets): slope with its 95% Wald interval, and the predicted win rate at each
// level 1..10. None when fewer than two levels are known, when every score is the
// same, or when the outcomes are separated by difficulty (the slope is infinite).
std::optional<DifficultyEffect> difficulty_effect(const std::vector<ScoredItem>& items);

}  // namespace evolbench
