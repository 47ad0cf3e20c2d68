// Anthropic messages (POST {base_url}/messages). System messages go to the top-level
// "system" field; the API has no seed, so a request's seed is not sent.
#pragma once

#include "llm/http_endpoint.h"

namespace evolbench {

inline constexpr const char* kAnthropicBaseUrl = "https://api.anthropic.com/v1";

// The text (its text blocks joined) and usage of a messages reply; an Error when `body`
// is not JSON or holds no text block.
Result<Completion> read_anthropic_reply(std::string_view body);

class AnthropicEndpoint : public HttpEndpoint {
 public:
  AnthropicEndpoint(EndpointConfig config, std::string api_key)
      : HttpEndpoint(std::move(config), std::move(api_key)) {}

 private:
  std::string url(const std::string& base_url) const override;
  std::vector<std::string> headers() const override;
  std::string body(const CompletionRequest& request) const override;
  Result<Completion> read_reply(std::string_view body) const override;
};

}  // namespace evolbench
