#include <algorithm>
#include <array>
#include <charconv>
#include <vector>

#include "stats/battle_row_readers.h"

namespace evolbench {

namespace {

// Reads RFC 4180 records one at a time, counting physical lines for error messages.
class CsvRecords {
 public:
  CsvRecords(std::string_view text, const std::string& path) : text_(text), path_(path) {
    if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);  // a UTF-8 byte-order mark
  }

  // Reads the next non-blank record into fields[0, count); false at the end of the text.
  // The strings of `fields` are reused from record to record, so reading allocates
  // only when a field outgrows every earlier one.
  Result<bool> next(std::vector<std::string>& fields, std::size_t& count) {
    while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
      if (text_[pos_] == '\n') ++line_;
      ++pos_;
    }
    if (pos_ >= text_.size()) return false;
    record_line_ = line_;
    count = 0;
    while (true) {
      if (count == fields.size()) fields.emplace_back();
      EVB_TRY(read_field(fields[count], count + 1));
      ++count;
      if (pos_ >= text_.size()) return true;
      const char separator = text_[pos_++];
      if (separator == ',') continue;
      if (separator == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      return true;
    }
  }

  int record_line() const { return record_line_; }
  std::string where() const { return RowPlace{.path = path_, .number = record_line_, .record = false}.where(); }

 private:
  Status read_field(std::string& field, std::size_t number) {
    field.clear();
    if (pos_ < text_.size() && text_[pos_] == '"') {
      ++pos_;
      while (true) {
        const std::size_t quote = text_.find('"', pos_);
        if (quote == std::string_view::npos)
          return input_error(where() + ": field " + std::to_string(number) +
                             ": a quoted field is never closed");
        for (std::size_t i = pos_; i < quote; ++i) line_ += text_[i] == '\n';
        field.append(text_.substr(pos_, quote - pos_));
        pos_ = quote + 1;
        if (pos_ < text_.size() && text_[pos_] == '"') {  // "" stands for one quote
          field.push_back('"');
          ++pos_;
          continue;
        }
        if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\r' && text_[pos_] != '\n')
          return input_error(where() + ": field " + std::to_string(number) +
                             ": text after a closing quote");
        return {};
      }
    }
    const std::size_t start = pos_;
    for (; pos_ < text_.size(); ++pos_) {
      const char byte = text_[pos_];
      if (byte == ',' || byte == '\n' || byte == '\r') break;
      if (byte == '"')
        return input_error(where() + ": field " + std::to_string(number) +
                           ": a quote inside an unquoted field");
    }
    field.assign(text_.substr(start, pos_ - start));
    return {};
  }

  std::string_view text_;
  const std::string& path_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int record_line_ = 1;
};

constexpr std::array<const char*, 3> kColumns = {"model_a", "model_b", "winner"};

// Battles count as whole units because a bootstrap round redraws whole battles.
constexpr int kMaxWeight = 1'000'000;

Result<int> parse_weight(std::string_view value) {
  int weight = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), weight);
  if (value.empty() || error != std::errc() || end != value.data() + value.size() || weight < 0 ||
      weight > kMaxWeight)
    return input_error("expected a whole number from 0 to 1000000, got '" + std::string(value) + "'");
  return weight;
}

}  // namespace

Status read_csv_battle_rows(std::string_view text, const std::string& path, const BattleRowVisitor& visit) {
  CsvRecords records(text, path);
  std::vector<std::string> fields;
  std::size_t count = 0;
  auto has_header = records.next(fields, count);
  EVB_TRY(has_header);
  if (!*has_header) return input_error(path + ": empty; expected a header with model_a,model_b,winner");
  const std::size_t header_fields = count;
  const auto header_end = fields.begin() + static_cast<std::ptrdiff_t>(count);
  std::array<std::size_t, 3> column{};
  for (std::size_t c = 0; c < kColumns.size(); ++c) {
    const auto found = std::find(fields.begin(), header_end, kColumns[c]);
    if (found == header_end)
      return input_error(path + ":" + std::to_string(records.record_line()) + ": the header has no '" +
                         kColumns[c] + "' column");
    column[c] = static_cast<std::size_t>(found - fields.begin());
  }
  const auto weight_column = std::find(fields.begin(), header_end, "weight");
  const bool weighted = weight_column != header_end;
  const auto weight_index = static_cast<std::size_t>(weight_column - fields.begin());
  while (true) {
    auto more = records.next(fields, count);
    EVB_TRY(more);
    if (!*more) return {};
    const RowPlace place{.path = path, .number = records.record_line(), .record = false};
    if (count != header_fields)
      return input_error(place.where() + ": " + std::to_string(count) + " fields, the header has " +
                         std::to_string(header_fields));
    BattleRow row;
    row.model_a = fields[column[0]];
    row.model_b = fields[column[1]];
    row.winner_text = fields[column[2]];
    if (weighted) {
      auto weight = parse_weight(fields[weight_index]);
      if (!weight.ok()) return place.error("weight", weight.error().message);
      row.weight = *weight;
    }
    EVB_TRY(visit(row, place));
  }
}

}  // namespace evolbench
