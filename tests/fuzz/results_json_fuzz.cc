// results.json (report/results_json.h): what a run wrote, or someone edited, read back
// by `report` and `gate`. What reads must write and read again to the same text.
#include <cstdlib>

#include "fuzz_input.h"
#include "report/results_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace evolbench;
  const auto results = parse_results(fuzz::input_text(data, size), "results.json");
  if (!results.ok()) return 0;
  const std::string written = results_to_json(*results);
  const auto reread = parse_results(written, "written.json");
  if (!reread.ok() || results_to_json(*reread) != written) std::abort();
  return 0;
}
