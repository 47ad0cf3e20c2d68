#include "core/hash_index.h"

#include <algorithm>

namespace evolbench {

void HashIndex::add(std::uint64_t hash, std::uint32_t number) {
  recent_.emplace(fingerprint(hash), number);
  if (recent_.size() > 1024 + sorted_.size() / 64) merge_recent();
}

std::vector<std::uint32_t> HashIndex::candidates(std::uint64_t hash) const {
  const std::uint32_t wanted = fingerprint(hash);
  std::vector<std::uint32_t> numbers;
  const auto by_fingerprint = [](const Entry& a, const Entry& b) { return a.fingerprint < b.fingerprint; };
  const auto [first, last] = std::equal_range(sorted_.begin(), sorted_.end(), Entry{wanted, 0}, by_fingerprint);
  for (auto entry = first; entry != last; ++entry) numbers.push_back(entry->number);
  const auto [recent_first, recent_last] = recent_.equal_range(wanted);
  for (auto entry = recent_first; entry != recent_last; ++entry) numbers.push_back(entry->second);
  return numbers;
}

void HashIndex::merge_recent() {
  std::vector<Entry> merged;
  // Exactly the size needed: a vector grown by doubling would hold up to twice it.
  merged.reserve(sorted_.size() + recent_.size());
  merged.insert(merged.end(), sorted_.begin(), sorted_.end());
  const auto recent_begin = merged.begin() + static_cast<std::ptrdiff_t>(sorted_.size());
  for (const auto& [bits, number] : recent_) merged.push_back({bits, number});
  std::sort(recent_begin, merged.end());
  std::inplace_merge(merged.begin(), recent_begin, merged.end());
  sorted_ = std::move(merged);
  recent_.clear();
}

}  // namespace evolbench
