// Battle files in the Chatbot Arena format: CSV (RFC 4180) with a header naming at
// least the columns model_a, model_b and winner; winner is model_a, model_b, tie or
// "tie (bothbad)". An optional `weight` column (a whole number 0..1,000,000) counts
// the row as that many battles; other columns are ignored.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "stats/battle_table.h"

namespace evolbench {

// The battles of a CSV text counted into a table; `path` names it in errors. A bad
// row is an input Error "path:line: field 'name': reason" (line of the record's start).
Result<BattleTable> parse_battles_csv(std::string_view text, const std::string& path);

// The same for a file; a missing file is an input Error.
Result<BattleTable> read_battles_csv(const std::string& path);

}  // namespace evolbench
