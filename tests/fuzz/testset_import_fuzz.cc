// Test-set importers (evol/importers.h), one target per format (EVOLBENCH_FUZZ_FORMAT),
// read strictly and skipping bad records, as `testset import --format F [--skip-bad]`.
#include "evol/importers.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace evolbench;
  static const ImportFormat format = fuzz::target_format(import_format);
  const std::string path = fuzz::input_file(data, size, ".json");
  // Only a crash, a hang or a sanitizer report is a finding: refusing the file is fine.
  (void)import_testset(path, format, false);
  (void)import_testset(path, format, true);
  return 0;
}
