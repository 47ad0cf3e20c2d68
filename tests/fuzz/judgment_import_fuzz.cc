// Peers' judgment files (imports/imported_judgments.h), one target per format
// (EVOLBENCH_FUZZ_FORMAT), as `evolbench import --format F` reads them.
#include "fuzz_input.h"
#include "imports/imported_judgments.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace evolbench;
  static const JudgmentFormat format = fuzz::target_format(judgment_format);
  // Only a crash, a hang or a sanitizer report is a finding: refusing the file is fine.
  (void)read_judgments(fuzz::input_file(data, size, ".jsonl"), format, {});
  return 0;
}
