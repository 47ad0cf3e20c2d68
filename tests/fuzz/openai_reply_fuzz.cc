// OpenAI-compatible chat completions replies (llm/openai_endpoint.h), as any server
// may send them, and the log-probabilities the call cache keeps (llm/chat_model.h).
#include "fuzz_input.h"
#include "llm/chat_model.h"
#include "llm/openai_endpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace evolbench;
  const std::string body = fuzz::input_text(data, size);
  // Only a crash, a hang or a sanitizer report is a finding: refusing the reply is fine.
  (void)read_openai_reply(body);
  (void)logprobs_from_json(body);
  return 0;
}
