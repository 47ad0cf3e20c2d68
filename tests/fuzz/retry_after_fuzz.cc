// Retry-After header values (llm/http_engine.h): seconds or an HTTP date from a server.
#include <chrono>

#include "fuzz_input.h"
#include "llm/http_engine.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
  // Only a crash or a sanitizer report (an overflow) is a finding.
  (void)evolbench::parse_retry_after(evolbench::fuzz::input_text(data, size), now);
  return 0;
}
