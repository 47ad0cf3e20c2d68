// An append-only multimap from 64-bit hashes to 32-bit numbers (row ids, positions)
// in about 9 bytes an entry, for indexes of millions of entries: node-based maps
// (std::unordered_multimap) spend about 40.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace evolbench {

// Only 32 bits of each hash are kept, so a lookup may also return numbers added under
// another hash (about one in 2^32 per entry): callers check what each number stands for.
class HashIndex {
 public:
  void add(std::uint64_t hash, std::uint32_t number);
  // The numbers added under `hash`, and perhaps a few others, in no particular order.
  std::vector<std::uint32_t> candidates(std::uint64_t hash) const;
  std::size_t size() const { return sorted_.size() + recent_.size(); }

 private:
  struct Entry {
    std::uint32_t fingerprint;
    std::uint32_t number;
    auto operator<=>(const Entry&) const = default;
  };
  static std::uint32_t fingerprint(std::uint64_t hash) { return static_cast<std::uint32_t>(hash >> 32); }
  // Moves `recent_` into `sorted_`; called when it holds a 64th of the entries, so its
  // nodes (about 40 bytes each) add under a byte an entry, and each entry is moved
  // about 65 times on average.
  void merge_recent();

  std::vector<Entry> sorted_;  // by fingerprint
  std::unordered_multimap<std::uint32_t, std::uint32_t> recent_;  // fingerprint -> number
};

}  // namespace evolbench
