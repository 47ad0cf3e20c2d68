// Anthropic messages replies (llm/anthropic_endpoint.h).
#include "fuzz_input.h"
#include "llm/anthropic_endpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Only a crash, a hang or a sanitizer report is a finding: refusing the reply is fine.
  (void)evolbench::read_anthropic_reply(evolbench::fuzz::input_text(data, size));
  return 0;
}
