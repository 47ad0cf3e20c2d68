#include "evol/decontamination.h"

#include "core/files.h"
#include "core/json_fields.h"
#include "core/jsonl.h"
#include "core/text.h"
#include "evol/near_duplicates.h"

namespace evolbench {

namespace {

std::vector<std::string_view> split_words(std::string_view normal) {
  std::vector<std::string_view> words;
  for (std::size_t at = 0; at < normal.size();) {
    const auto end = std::min(normal.find(' ', at), normal.size());
    words.push_back(normal.substr(at, end - at));
    at = end + 1;
  }
  return words;
}

std::uint64_t hash_words(const std::vector<std::string_view>& words, std::size_t from, std::size_t count) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (std::size_t k = from; k < from + count; ++k) {
    for (unsigned char c : words[k]) hash = (hash ^ c) * 1099511628211ULL;
    hash = (hash ^ ' ') * 1099511628211ULL;
  }
  return hash;
}

}  // namespace

Decontaminator::Decontaminator(const std::vector<std::string>& training_texts, int n, double threshold)
    : n_(std::max(1, n)), threshold_(threshold) {
  const auto width = static_cast<std::size_t>(n_);
  for (const auto& text : training_texts) {
    const std::string normal = normalise_for_comparison(text);
    const auto words = split_words(normal);
    if (words.size() < width) short_texts_.insert(hash_words(words, 0, words.size()));
    for (std::size_t i = 0; i + width <= words.size(); ++i) ngrams_.insert(hash_words(words, i, width));
  }
}

bool Decontaminator::contaminated(std::string_view text) const {
  const std::string normal = normalise_for_comparison(text);
  const auto words = split_words(normal);
  const auto width = static_cast<std::size_t>(n_);
  if (words.size() < width) return short_texts_.count(hash_words(words, 0, words.size())) > 0;
  std::size_t shared = 0, total = 0;
  for (std::size_t i = 0; i + width <= words.size(); ++i, ++total) shared += ngrams_.count(hash_words(words, i, width));
  // An item sharing no n-gram is clean at any threshold, so threshold 0 means "any
  // shared n-gram" rather than "every item".
  return shared > 0 && static_cast<double>(shared) >= threshold_ * static_cast<double>(total);
}

Result<std::vector<std::string>> read_training_texts(const std::string& path) {
  auto content = read_file(path);
  EVB_TRY(content);
  std::vector<std::string> texts;
  if (!trim(*content).empty() && trim(*content).front() == '[') {
    const auto root = nlohmann::json::parse(*content, nullptr, /*allow_exceptions=*/false);
    if (root.is_discarded() || !root.is_array()) return input_error(path + ": not a JSON array");
    for (std::size_t i = 0; i < root.size(); ++i) {
      const auto& record = root[i];
      if (!record.is_object() || !record.contains("instruction") || !record["instruction"].is_string())
        return input_error(path + ": record " + std::to_string(i + 1) + ": field 'instruction': missing or not text");
      std::string text = record["instruction"].get<std::string>();
      if (record.contains("input") && record["input"].is_string() && !record["input"].get<std::string>().empty())
        text += "\n" + record["input"].get<std::string>();
      texts.push_back(std::move(text));
    }
    return texts;
  }
  const Status visited = for_each_line(path, [&](std::string_view line, int line_number) -> Status {
    auto object = parse_object(line, path, line_number);
    EVB_TRY(object);
    const FieldReader fields(*object, path, line_number);
    if (object->contains("conversations")) {
      const auto& turns = (*object)["conversations"];
      if (!turns.is_array() || turns.empty() || !turns[0].is_object() || !turns[0].contains("value") ||
          !turns[0]["value"].is_string())
        return fields.error("conversations", "expected a list of {\"from\", \"value\"} turns");
      texts.push_back(turns[0]["value"].get<std::string>());
      return {};
    }
    auto instruction = fields.text("instruction");
    EVB_TRY(instruction);
    texts.push_back(std::move(instruction).value());
    return {};
  });
  EVB_TRY(visited);
  return texts;
}

}  // namespace evolbench
