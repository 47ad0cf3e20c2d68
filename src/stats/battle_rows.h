// Battles files: one battle a row, the two models that met and which won, as Chatbot
// Arena and Arena-Hard publish them. The first character that is not white space (a
// UTF-8 byte-order mark aside) says how the file is written, whatever it is called:
//
//   '['   a JSON array of objects (Chatbot Arena's clean_battle dumps);
//   '{'   one JSON object a line, JSONL (Arena-Hard's battles; blank lines skipped);
//   else  CSV (RFC 4180) whose header names the columns.
//
// Every row has model_a, model_b and winner (model_a, model_b, tie or "tie (bothbad)").
// JSON rows may have a question_id (an integer or text); a CSV may have a weight column,
// a whole number 0 to 1,000,000 counting its row as that many battles (a bootstrap round
// redraws whole battles). Other fields and columns are ignored.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "stats/battle_table.h"

namespace evolbench {

// One row as read; its views last for the visit only.
struct BattleRow {
  std::string_view model_a;
  std::string_view model_b;
  std::string_view winner_text;  // as written: "tie (bothbad)" as well as tie
  BattleWinner winner = BattleWinner::kTie;
  std::string_view question_id;  // "" when the row has none (always, in a CSV)
  int weight = 1;
};

// Where a row is, for messages.
struct RowPlace {
  std::string_view path;
  int number = 0;       // the line (CSV: where its record starts) or the array's record, from 1
  bool record = false;  // `number` counts the records of a JSON array

  std::string where() const;  // "PATH:LINE" or "PATH: record N"
  // The input Error "WHERE: field 'FIELD': REASON".
  Error error(std::string_view field, std::string_view reason) const;
};

using BattleRowVisitor = std::function<Status(const BattleRow& row, const RowPlace& place)>;

// Calls `visit` with each row of `text`, in order, stopping at the first Error. A bad
// row is an input Error naming path, line or record and field, returned before any
// later row is visited: not JSON, not an object, a field missing or of the wrong type,
// an empty model, a model against itself, an unknown winner, a bad weight. The text is
// taken whole because JSON is parsed in place, with padding appended.
Status for_each_battle_row(std::string text, const std::string& path, const BattleRowVisitor& visit);

// The same for text that must be JSON (an array or JSONL): a CSV fails as not JSON.
Status for_each_json_battle_row(std::string text, const std::string& path, const BattleRowVisitor& visit);

// A battles file's bytes, with room after them for the JSON parser's padding, so the
// calls above parse them without a copy. Errors as read_file's.
Result<std::string> read_battles_file(const std::string& path);

// The battles of `text` counted into a table, each row `weight` times (a row of weight
// 0 adds no model); more than INT_MAX battles in all is an input Error.
Result<BattleTable> parse_battles(std::string text, const std::string& path);

// The same for a file; one that cannot be read is an input Error.
Result<BattleTable> read_battles(const std::string& path);

}  // namespace evolbench
