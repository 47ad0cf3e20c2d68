#include "stats/single_scores.h"

#include <map>

namespace evolbench {

namespace {

struct Mean {
  double sum = 0.0;
  int count = 0;
  void add(double value) {
    sum += value;
    ++count;
  }
  double value() const { return count ? sum / count : 0.0; }
};

// Percentiles 2.5 and 97.5 of the pooled mean over resamples of the items, each item
// carrying the sum and count of its readable grades.
Interval item_bootstrap(const std::vector<Mean>& items, int rounds, Rng& rng) {
  std::uniform_int_distribution<std::size_t> draw(0, items.size() - 1);
  std::vector<double> means(static_cast<std::size_t>(rounds));
  for (double& mean : means) {
    Mean sample;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Mean& item = items[draw(rng)];
      sample.sum += item.sum;
      sample.count += item.count;
    }
    mean = sample.value();
  }
  return {quantile(means, 0.025), quantile(means, 0.975)};
}

}  // namespace

std::vector<ModelScore> single_answer_scores(std::span<const GradedAnswer> grades, int rounds, Rng& rng) {
  struct Sums {
    Mean overall;
    std::map<int, Mean> by_turn;
    std::map<std::string, Mean> by_skill;
    std::map<std::string, Mean> by_item;
    int unparsed = 0;
  };
  std::map<std::string, Sums> by_model;
  for (const auto& graded : grades) {
    Sums& sums = by_model[graded.model];
    if (!graded.grade) {
      ++sums.unparsed;
      continue;
    }
    sums.overall.add(*graded.grade);
    sums.by_turn[graded.turn].add(*graded.grade);
    if (!graded.skill.empty()) sums.by_skill[graded.skill].add(*graded.grade);
    sums.by_item[graded.item_id].add(*graded.grade);
  }
  std::vector<ModelScore> scores;
  for (const auto& [model, sums] : by_model) {
    ModelScore score{.model = model, .score = sums.overall.value(), .n = sums.overall.count, .unparsed = sums.unparsed};
    for (const auto& [turn, mean] : sums.by_turn) score.by_turn[turn] = mean.value();
    for (const auto& [skill, mean] : sums.by_skill) score.by_skill[skill] = mean.value();
    if (rounds > 0 && !sums.by_item.empty()) {
      std::vector<Mean> items;
      for (const auto& [item_id, mean] : sums.by_item) items.push_back(mean);
      score.ci95 = item_bootstrap(items, rounds, rng);
    }
    scores.push_back(std::move(score));
  }
  return scores;
}

}  // namespace evolbench
