// Decontamination: keeps test items that overlap a training file out of test sets.
// An item is contaminated when at least `threshold` (0..1) of its word n-grams, and
// at least one, (after normalise_for_comparison) occur in the training texts; an item
// shorter than n words is contaminated when it equals a training text.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/result.h"

namespace evolbench {

class Decontaminator {
 public:
  Decontaminator(const std::vector<std::string>& training_texts, int n = 8, double threshold = 0.5);
  bool contaminated(std::string_view text) const;

 private:
  int n_;
  double threshold_;
  std::unordered_set<std::uint64_t> ngrams_;
  std::unordered_set<std::uint64_t> short_texts_;
};

// The instructions of a training file: an Alpaca JSON array ({"instruction",
// "input"?}), or JSONL with "instruction" or ShareGPT "conversations" (first turn).
Result<std::vector<std::string>> read_training_texts(const std::string& path);

}  // namespace evolbench
