// Human judgment files (stats/judge_diagnostics.h) given to a plan as human labels.
#include "fuzz_input.h"
#include "stats/judge_diagnostics.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Only a crash, a hang or a sanitizer report is a finding: refusing the file is fine.
  (void)evolbench::read_human_labels(evolbench::fuzz::input_file(data, size, ".jsonl"));
  return 0;
}
