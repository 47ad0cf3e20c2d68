// Private to src/stats: the readers behind battle_rows.h, one per way of writing a
// battles file. Each gives its rows as written (winner_text set, winner not yet read,
// model names not yet checked); battle_rows.cc checks a row before its caller sees it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "stats/battle_rows.h"

namespace evolbench {

// RFC 4180 records under a header naming model_a, model_b, winner and maybe weight.
Status read_csv_battle_rows(std::string_view text, const std::string& path, const BattleRowVisitor& visit);

// The spare capacity the JSON reader needs after a text to parse it where it lies.
inline constexpr std::size_t kJsonPadding = 64;

// A JSON array of objects, or JSONL when `text` does not start with '['. `text` gains
// kJsonPadding in its capacity where it has less.
Status read_json_battle_rows(std::string& text, const std::string& path, const BattleRowVisitor& visit);

}  // namespace evolbench
