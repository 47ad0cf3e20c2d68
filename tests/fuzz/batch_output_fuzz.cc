// OpenAI Batch output and error files (llm/batch_file.h), as `batch import` reads them.
#include "fuzz_input.h"
#include "llm/batch_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace evolbench;
  // Only a crash, a hang or a sanitizer report is a finding: refusing lines is fine.
  (void)for_each_batch_result(fuzz::input_file(data, size, ".jsonl"),
                              [](const Result<BatchResult>&) { return Status{}; });
  return 0;
}
