// Battles files (stats/battle_rows.h) for `evolbench stats --battles`: CSV, a JSON
// array or JSONL, told apart by their first bytes.
#include "fuzz_input.h"
#include "stats/battle_rows.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace evolbench;
  // Only a crash, a hang or a sanitizer report is a finding: refusing the file is fine.
  (void)parse_battles(fuzz::input_text(data, size), "battles");
  (void)for_each_json_battle_row(fuzz::input_text(data, size), "battles.json",
                                 [](const BattleRow&, const RowPlace&) { return Status{}; });
  return 0;
}
