#include "llm/anthropic_endpoint.h"

#include <nlohmann/json.hpp>

namespace evolbench {

std::string AnthropicEndpoint::url(const std::string& base_url) const {
  std::string base = base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/messages";
}

std::vector<std::string> AnthropicEndpoint::headers() const {
  std::vector<std::string> out = {"anthropic-version: 2023-06-01"};
  if (!api_key().empty()) out.push_back("x-api-key: " + api_key());
  return out;
}

std::string AnthropicEndpoint::body(const CompletionRequest& request) const {
  nlohmann::json messages = nlohmann::json::array();
  std::string system;
  for (const auto& message : request.messages) {
    if (message.role == "system")
      system += (system.empty() ? "" : "\n\n") + message.content;
    else
      messages.push_back({{"role", message.role}, {"content", message.content}});
  }
  nlohmann::json body = {{"model", api_model(request)},
                         {"messages", std::move(messages)},
                         {"temperature", request.params.temperature},
                         {"max_tokens", request.params.max_tokens}};
  if (!system.empty()) body["system"] = system;
  if (request.params.top_p) body["top_p"] = *request.params.top_p;
  if (!request.params.stop.empty()) body["stop_sequences"] = request.params.stop;
  return body.dump();
}

Result<Completion> read_anthropic_reply(std::string_view body) {
  const auto reply = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (reply.is_discarded()) return model_error("not valid JSON");
  const auto content = reply.is_object() ? reply.find("content") : reply.end();
  if (content == reply.end() || !content->is_array()) return model_error("no content in the reply");
  Completion completion;
  bool has_text = false;
  for (const auto& block : *content)
    if (block.is_object() && block.value("type", "") == "text" && block.contains("text") &&
        block["text"].is_string()) {
      completion.text += block["text"].get<std::string>();
      has_text = true;
    }
  if (!has_text) return model_error("no text block in the reply");
  if (const auto usage = reply.find("usage"); usage != reply.end() && usage->is_object()) {
    completion.prompt_tokens = usage->value("input_tokens", std::int64_t{0});
    completion.completion_tokens = usage->value("output_tokens", std::int64_t{0});
  }
  return completion;
}

Result<Completion> AnthropicEndpoint::read_reply(std::string_view body) const {
  return read_anthropic_reply(body);
}

}  // namespace evolbench
