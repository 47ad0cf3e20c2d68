// Gate rule files (cli/gate_rules.h), as `evolbench gate --rules` reads them.
#include "cli/gate_rules.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Only a crash, a hang or a sanitizer report is a finding: refusing the rules is fine.
  (void)evolbench::load_gate_rules(evolbench::fuzz::input_file(data, size, ".yaml"));
  return 0;
}
