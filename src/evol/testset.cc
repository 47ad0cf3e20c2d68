#include "evol/testset.h"

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <tuple>

#include "core/hash.h"

namespace evolbench {

StratifiedSampler::StratifiedSampler(const TestsetOptions& options, const Decontaminator* exclude)
    : options_(options), exclude_(exclude) {}

void StratifiedSampler::add(const Evolution& member) {
  if (member.status != EvolutionStatus::kKept || member.difficulty <= 0) return;
  if (options_.per_skill) skills_.insert(member.skill);
  if (exclude_ && exclude_->contaminated(member.instruction)) return;
  std::string stratum = options_.per_level > 0 ? std::to_string(member.difficulty)
                                               : difficulty_bucket(member.difficulty);
  if (options_.per_skill) stratum += "/" + member.skill;
  const std::size_t wanted = asked();
  Reservoir& reservoir = strata_[stratum];
  const std::uint64_t seen = reservoir.seen++;
  Item item{member.id, member.instruction, member.difficulty, member.skill, std::nullopt};
  if (reservoir.sample.size() < wanted) {
    reservoir.sample.push_back(std::move(item));
    return;
  }
  // Algorithm R: the n-th member replaces a random slot with chance wanted / n. The
  // draw depends only on (seed, stratum, n), not on other strata.
  std::mt19937_64 random(derive_seed(options_.seed, stratum + "#" + std::to_string(seen)));
  const std::uint64_t slot = random() % (seen + 1);
  if (slot < wanted) reservoir.sample[slot] = std::move(item);
}

std::vector<Item> StratifiedSampler::items() const {
  std::vector<Item> items;
  for (const auto& [stratum, reservoir] : strata_)
    items.insert(items.end(), reservoir.sample.begin(), reservoir.sample.end());
  std::sort(items.begin(), items.end(), [](const Item& x, const Item& y) {
    return std::tie(x.difficulty, x.id) < std::tie(y.difficulty, y.id);
  });
  return items;
}

std::vector<StratumCount> StratifiedSampler::counts() const {
  std::vector<std::string> strata;
  if (options_.per_level > 0)
    for (int level = 1; level <= 10; ++level) strata.push_back(std::to_string(level));
  else
    strata.assign(std::begin(kBuckets), std::end(kBuckets));
  std::vector<StratumCount> counts;
  for (const auto& stratum : strata) {
    if (!options_.per_skill) counts.push_back({stratum, asked(), 0});
    for (const auto& skill : skills_) counts.push_back({stratum + "/" + skill, asked(), 0});
  }
  for (auto& count : counts)
    if (const auto reservoir = strata_.find(count.stratum); reservoir != strata_.end())
      count.got = reservoir->second.sample.size();
  return counts;
}

std::size_t StratifiedSampler::asked() const {
  return static_cast<std::size_t>(options_.per_level > 0 ? options_.per_level : options_.per_bucket);
}

StratifiedTestset build_stratified_testset(const std::vector<Evolution>& pool, const TestsetOptions& options,
                                           const Decontaminator* exclude) {
  StratifiedSampler sampler(options, exclude);
  for (const auto& member : pool) sampler.add(member);
  return {sampler.items(), sampler.counts()};
}

TestsetComposition testset_composition(const std::vector<Item>& items) {
  TestsetComposition composition;
  composition.items = items.size();
  for (const auto& item : items) {
    ++composition.by_level[item.difficulty];
    ++composition.by_skill[item.skill];
  }
  return composition;
}

}  // namespace evolbench
