// Complexity-stratified test sets from a scored pool.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/records.h"
#include "evol/decontamination.h"

namespace evolbench {

// The most items a test set may ask of one stratum (plan files and flags check it).
inline constexpr int kMaxPerStratum = 1000000;

struct TestsetOptions {
  int per_bucket = 15;     // items drawn from each of easy, medium, hard (1..kMaxPerStratum)
  int per_level = 0;       // when above 0: items per difficulty level 1..10 instead
  bool per_skill = false;  // draw that many per (stratum, skill) instead
  std::uint64_t seed = 1;
};

// A stratum asked for and how many items it got; got < asked when the pool has no more.
struct StratumCount {
  std::string stratum;  // "easy", "7", "hard/math"
  std::size_t asked = 0;
  std::size_t got = 0;
};

// Draws up to N kept, scored members from each stratum (bucket or level, and skill
// when asked): a seeded reservoir sample per stratum, so a pool of any size streams
// through in one pass holding only the sample. A stratum with fewer members gives
// all it has; members that `exclude` finds contaminated are never drawn.
class StratifiedSampler {
 public:
  StratifiedSampler(const TestsetOptions& options, const Decontaminator* exclude = nullptr);
  // Offers one pool member; the same members in the same order give the same sample.
  void add(const Evolution& member);
  // The sample as test-set items (id, instruction, difficulty, skill of the member),
  // ordered by difficulty, then id.
  std::vector<Item> items() const;
  // Every stratum asked for, in order: the buckets (or levels 1..10), each split by the
  // skills offered when per_skill, so a stratum the pool could not fill is listed too.
  std::vector<StratumCount> counts() const;

 private:
  std::size_t asked() const;  // items per stratum
  struct Reservoir {
    std::uint64_t seen = 0;
    std::vector<Item> sample;
  };
  TestsetOptions options_;
  const Decontaminator* exclude_;
  std::map<std::string, Reservoir> strata_;  // std::map: strata in a stable order
  std::set<std::string> skills_;             // of the kept, scored members offered
};

struct StratifiedTestset {
  std::vector<Item> items;
  std::vector<StratumCount> counts;
};

// The sample of `pool` by a StratifiedSampler, with its counts.
StratifiedTestset build_stratified_testset(const std::vector<Evolution>& pool, const TestsetOptions& options,
                                           const Decontaminator* exclude = nullptr);

// How a test set's items spread over difficulty levels and skills.
struct TestsetComposition {
  std::size_t items = 0;
  std::map<int, std::size_t> by_level;          // 0: items not scored
  std::map<std::string, std::size_t> by_skill;  // "": items without a skill
};

TestsetComposition testset_composition(const std::vector<Item>& items);

}  // namespace evolbench
