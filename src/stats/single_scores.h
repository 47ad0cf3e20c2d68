// Single-answer grades summed up per model, as MT-Bench reports them (Zheng et al.,
// "Judging LLM-as-a-Judge with MT-Bench and Chatbot Arena", 2023: a model's score is
// the mean of its readable 1-10 grades with both turns pooled, an unreadable grade
// left out). What evolbench adds: the mean per turn and per skill, and a bootstrap
// interval over items that resamples an item with all its turns, since a model's two
// turns on one question are not independent grades.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "stats/bootstrap.h"
#include "stats/results.h"

namespace evolbench {

// One grade of one answer: the graded model, where it was asked, and the grade read
// (none when the judge's reply could not be read).
struct GradedAnswer {
  std::string model;
  std::string item_id;
  int turn = 1;
  std::string skill;  // "" when the item has none
  std::optional<double> grade;
};

// One score per graded model, models in name order; a model with no readable grade has
// score 0 and n 0; by_skill holds the items with a skill. With `rounds` > 0, ci95 is the 95% percentile interval of the score
// over that many resamples of the model's items (none for a model with no grade).
std::vector<ModelScore> single_answer_scores(std::span<const GradedAnswer> grades, int rounds, Rng& rng);

}  // namespace evolbench
