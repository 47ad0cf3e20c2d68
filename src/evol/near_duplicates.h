// Exact and near-duplicate detection for the evolved pool: MinHash signatures over
// word 3-gram shingles, banded for locality-sensitive lookup, with each candidate
// confirmed by its estimated Jaccard similarity.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/hash_index.h"
#include "core/result.h"

namespace evolbench {

inline constexpr int kMinHashSize = 64;
using MinHashSignature = std::array<std::uint32_t, kMinHashSize>;

// Lower-cased words with punctuation removed, joined by single spaces: two texts
// that differ only in case, spacing or punctuation normalise to the same string.
std::string normalise_for_comparison(std::string_view text);

MinHashSignature minhash_signature(std::string_view text);

// The share of equal slots of two signatures: an estimate of the Jaccard similarity
// of the two texts' shingle sets.
double estimated_jaccard(const MinHashSignature& a, const MinHashSignature& b);

// Holds the texts added so far and answers whether a new text repeats one of them.
// Each text costs about 180 bytes of memory, most of it its 16 band keys; its
// signature (256 bytes) is kept in a scratch file, read back only for the texts that
// share a band with a new one: a pool of a million members holds about 180 MB.
class NearDuplicateIndex {
 public:
  // `threshold` in (0, 1]: estimated Jaccard at or above which texts are near
  // duplicates; 0 or less turns near-duplicate detection off (exact stays on).
  explicit NearDuplicateIndex(double threshold) : threshold_(threshold) {}

  struct Match {
    std::string id;
    bool exact = false;
    double similarity = 1.0;
  };

  // The earliest added text that `text` duplicates, if any; an Error when the
  // scratch file cannot be read.
  Result<std::optional<Match>> find(std::string_view text) const;
  // An Error when the scratch file cannot be made or written.
  Status add(const std::string& id, std::string_view text);
  std::size_t size() const { return id_starts_.size(); }

 private:
  static constexpr int kBands = 16;  // 16 bands of 4 rows: candidates from ~0.5 up
  static constexpr int kRows = kMinHashSize / kBands;

  static std::uint64_t band_key(const MinHashSignature& signature, int band);
  std::string id(std::size_t index) const;
  Result<MinHashSignature> stored_signature(std::uint32_t index) const;

  struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };

  double threshold_;
  // The texts' ids end to end, each starting at its id_starts_ entry.
  std::string id_text_;
  std::vector<std::size_t> id_starts_;
  std::vector<std::uint64_t> text_hashes_;  // each text's normalised-text hash
  HashIndex exact_;                          // normalised-text hash -> index
  // The signatures by index, in a file the system removes when it is closed.
  std::unique_ptr<std::FILE, FileCloser> signatures_;
  std::array<HashIndex, kBands> bands_;  // band key -> index
};

}  // namespace evolbench
