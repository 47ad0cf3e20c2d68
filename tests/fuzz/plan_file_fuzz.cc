// Plan files (run/plan.h), read from a file as `evolbench run PLAN` reads them.
#include "fuzz_input.h"
#include "run/plan.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Only a crash, a hang or a sanitizer report is a finding: refusing the plan is fine.
  (void)evolbench::load_plan(evolbench::fuzz::input_file(data, size, ".yaml"));
  return 0;
}
