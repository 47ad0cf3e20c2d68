#include "core/hash_index.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace evolbench {
namespace {

bool has(const std::vector<std::uint32_t>& numbers, std::uint32_t number) {
  return std::ranges::find(numbers, number) != numbers.end();
}

// A hash spread over all 64 bits, as the callers' hashes are.
std::uint64_t spread(std::uint64_t i) { return (i + 1) * 0x9E3779B97F4A7C15ULL; }

TEST(HashIndex, EveryNumberIsFoundUnderItsHashBeforeAndAfterMerges) {
  HashIndex index;
  constexpr std::uint32_t kEntries = 100'000;  // many merges of the recent entries
  for (std::uint32_t i = 0; i < kEntries; ++i) {
    index.add(spread(i), i);
    // One found among the recent entries, one among the merged ones.
    ASSERT_TRUE(has(index.candidates(spread(i)), i)) << i;
    ASSERT_TRUE(has(index.candidates(spread(i / 2)), i / 2)) << i;
  }
  EXPECT_EQ(index.size(), kEntries);
  for (std::uint32_t i = 0; i < kEntries; ++i) ASSERT_TRUE(has(index.candidates(spread(i)), i)) << i;
}

TEST(HashIndex, AllNumbersOfOneHashAreFoundAndAnAbsentHashFindsNone) {
  HashIndex index;
  for (std::uint32_t i = 0; i < 5000; ++i) index.add(spread(i % 7), i);
  const auto sevens = index.candidates(spread(3));
  EXPECT_EQ(sevens.size(), 714u);  // 3, 10, ..., 4998
  EXPECT_TRUE(std::ranges::all_of(sevens, [](std::uint32_t number) { return number % 7 == 3; }));
  EXPECT_TRUE(index.candidates(spread(8)).empty());
}

}  // namespace
}  // namespace evolbench
