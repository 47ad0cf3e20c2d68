#include "evol/near_duplicates.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <limits>

namespace evolbench {

namespace {

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

// splitmix64: a cheap, well-mixed hash family member for each signature slot.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

}  // namespace

std::string normalise_for_comparison(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool word_char = std::isalnum(byte) || byte >= 0x80;
    if (!word_char) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += static_cast<char>(std::tolower(byte));
  }
  return out;
}

MinHashSignature minhash_signature(std::string_view text) {
  const std::string normal = normalise_for_comparison(text);
  std::vector<std::string_view> words;
  for (std::size_t at = 0; at < normal.size();) {
    const auto end = std::min(normal.find(' ', at), normal.size());
    words.push_back(std::string_view(normal).substr(at, end - at));
    at = end + 1;
  }
  std::vector<std::uint64_t> shingles;
  const std::size_t width = std::min<std::size_t>(3, std::max<std::size_t>(1, words.size()));
  for (std::size_t i = 0; i + width <= words.size(); ++i) {
    std::uint64_t hash = 0;
    for (std::size_t k = 0; k < width; ++k) hash = mix(hash ^ fnv1a(words[i + k]));
    shingles.push_back(hash);
  }
  MinHashSignature signature;
  signature.fill(std::numeric_limits<std::uint32_t>::max());
  for (std::uint64_t shingle : shingles)
    for (int slot = 0; slot < kMinHashSize; ++slot)
      signature[slot] = std::min(signature[slot],
                                 static_cast<std::uint32_t>(mix(shingle + 0x100000001B3ULL * slot) >> 32));
  return signature;
}

double estimated_jaccard(const MinHashSignature& a, const MinHashSignature& b) {
  int equal = 0;
  for (int slot = 0; slot < kMinHashSize; ++slot) equal += a[slot] == b[slot];
  return static_cast<double>(equal) / kMinHashSize;
}

std::uint64_t NearDuplicateIndex::band_key(const MinHashSignature& signature, int band) {
  std::uint64_t key = 0;
  for (int row = 0; row < kRows; ++row) key = mix(key ^ signature[band * kRows + row]);
  return key;
}

std::string NearDuplicateIndex::id(std::size_t index) const {
  const std::size_t end = index + 1 < id_starts_.size() ? id_starts_[index + 1] : id_text_.size();
  return id_text_.substr(id_starts_[index], end - id_starts_[index]);
}

Result<MinHashSignature> NearDuplicateIndex::stored_signature(std::uint32_t index) const {
  MinHashSignature signature;
  const auto offset = static_cast<off_t>(index) * static_cast<off_t>(sizeof signature);
  if (::pread(::fileno(signatures_.get()), signature.data(), sizeof signature, offset) !=
      static_cast<ssize_t>(sizeof signature))
    return io_error(std::string("near-duplicate index: cannot read its scratch file: ") + std::strerror(errno));
  return signature;
}

// The index structures keep 32 bits of each hash: every candidate is checked against
// the full hash (the text's, or the band's recomputed from its signature).
Result<std::optional<NearDuplicateIndex::Match>> NearDuplicateIndex::find(std::string_view text) const {
  const std::uint64_t text_hash = fnv1a(normalise_for_comparison(text));
  std::optional<std::uint32_t> earliest;
  for (const std::uint32_t index : exact_.candidates(text_hash))
    if (text_hashes_[index] == text_hash && (!earliest || index < *earliest)) earliest = index;
  if (earliest) return std::optional<Match>(Match{id(*earliest), true, 1.0});
  if (threshold_ <= 0) return std::optional<Match>();
  const MinHashSignature signature = minhash_signature(text);
  std::array<std::uint64_t, kBands> keys;
  std::vector<std::uint32_t> candidates;
  for (int band = 0; band < kBands; ++band) {
    keys[band] = band_key(signature, band);
    for (const std::uint32_t index : bands_[band].candidates(keys[band])) candidates.push_back(index);
  }
  // Earliest first, so the first that shares a band and is similar enough is the answer.
  std::ranges::sort(candidates);
  const auto [duplicates, end] = std::ranges::unique(candidates);
  candidates.erase(duplicates, end);
  for (const std::uint32_t index : candidates) {
    auto candidate = stored_signature(index);
    EVB_TRY(candidate);
    bool shares_band = false;
    for (int band = 0; band < kBands && !shares_band; ++band) shares_band = band_key(*candidate, band) == keys[band];
    const double similarity = estimated_jaccard(signature, *candidate);
    if (shares_band && similarity >= threshold_) return std::optional<Match>(Match{id(index), false, similarity});
  }
  return std::optional<Match>();
}

Status NearDuplicateIndex::add(const std::string& id, std::string_view text) {
  const auto index = static_cast<std::uint32_t>(id_starts_.size());
  id_starts_.push_back(id_text_.size());
  id_text_ += id;
  text_hashes_.push_back(fnv1a(normalise_for_comparison(text)));
  exact_.add(text_hashes_.back(), index);
  if (threshold_ <= 0) return {};  // exact matching only: no signature kept
  if (!signatures_) signatures_.reset(std::tmpfile());
  if (!signatures_)
    return io_error(std::string("near-duplicate index: cannot make a scratch file: ") + std::strerror(errno));
  const MinHashSignature signature = minhash_signature(text);
  const auto offset = static_cast<off_t>(index) * static_cast<off_t>(sizeof signature);
  if (::pwrite(::fileno(signatures_.get()), signature.data(), sizeof signature, offset) !=
      static_cast<ssize_t>(sizeof signature))
    return io_error(std::string("near-duplicate index: cannot write its scratch file: ") + std::strerror(errno));
  for (int band = 0; band < kBands; ++band) bands_[band].add(band_key(signature, band), index);
  return {};
}

}  // namespace evolbench
