#include "stats/battle_rows.h"

#include <climits>

#include "core/files.h"
#include "stats/battle_row_readers.h"

namespace evolbench {

namespace {

Result<BattleWinner> winner_of(std::string_view text) {
  if (text == "model_a") return BattleWinner::kModelA;
  if (text == "model_b") return BattleWinner::kModelB;
  if (text == "tie" || text == "tie (bothbad)") return BattleWinner::kTie;
  return input_error("'" + std::string(text) + "' is not model_a, model_b, tie or tie (bothbad)");
}

// `visit` behind the checks every row passes, however its file is written.
BattleRowVisitor checked(const BattleRowVisitor& visit) {
  return [&visit](const BattleRow& read, const RowPlace& place) -> Status {
    if (read.model_a.empty()) return place.error("model_a", "empty");
    if (read.model_b.empty()) return place.error("model_b", "empty");
    if (read.model_a == read.model_b)
      return place.error("model_b", "'" + std::string(read.model_b) + "' is also model_a; a model cannot battle itself");
    auto winner = winner_of(read.winner_text);
    if (!winner.ok()) return place.error("winner", winner.error().message);
    BattleRow row = read;
    row.winner = *winner;
    return visit(row, place);
  };
}

// Where the text's first character that is not white space or a byte-order mark says JSON.
bool written_as_json(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && (text[first] == '[' || text[first] == '{');
}

}  // namespace

std::string RowPlace::where() const {
  return std::string(path) + (record ? ": record " : ":") + std::to_string(number);
}

Error RowPlace::error(std::string_view field, std::string_view reason) const {
  return input_error(where() + ": field '" + std::string(field) + "': " + std::string(reason));
}

Status for_each_battle_row(std::string text, const std::string& path, const BattleRowVisitor& visit) {
  if (written_as_json(text)) return read_json_battle_rows(text, path, checked(visit));
  return read_csv_battle_rows(text, path, checked(visit));
}

Status for_each_json_battle_row(std::string text, const std::string& path, const BattleRowVisitor& visit) {
  return read_json_battle_rows(text, path, checked(visit));
}

Result<BattleTable> parse_battles(std::string text, const std::string& path) {
  BattleTable table;
  // Pair counts are ints: the total is kept below INT_MAX so none can overflow.
  std::int64_t total = 0;
  EVB_TRY(for_each_battle_row(std::move(text), path, [&](const BattleRow& row, const RowPlace& place) -> Status {
    if (row.weight == 0) return {};  // a model seen only in weightless rows has no battles
    total += row.weight;
    if (total > INT_MAX)
      return input_error(place.where() + ": more than " + std::to_string(INT_MAX) + " battles in all");
    const int a = table.model_index(row.model_a);  // model_a first: indices follow first sight
    const int b = table.model_index(row.model_b);
    table.add(a, b, row.winner, row.weight);
    return {};
  }));
  return table;
}

Result<std::string> read_battles_file(const std::string& path) { return read_file(path, kJsonPadding); }

Result<BattleTable> read_battles(const std::string& path) {
  auto text = read_battles_file(path);
  EVB_TRY(text);
  return parse_battles(std::move(text).value(), path);
}

}  // namespace evolbench
