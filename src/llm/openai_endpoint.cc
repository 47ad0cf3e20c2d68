#include "llm/openai_endpoint.h"

#include <simdjson.h>

#include <nlohmann/json.hpp>

namespace evolbench {

namespace {

std::string without_trailing_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// A token count in usage: absent is 0; a number that is not an integer is truncated.
Result<std::int64_t> read_count(simdjson::dom::object usage, std::string_view name) {
  simdjson::dom::element count;
  if (usage[name].get(count) != simdjson::SUCCESS) return std::int64_t{0};
  if (std::int64_t whole; count.get(whole) == simdjson::SUCCESS) return whole;
  if (double number; count.get(number) == simdjson::SUCCESS) return static_cast<std::int64_t>(number);
  return model_error("unexpected reply: usage." + std::string(name) + " is not a number");
}

}  // namespace

std::string OpenAiEndpoint::url(const std::string& base_url) const {
  return without_trailing_slash(base_url) + "/chat/completions";
}

std::vector<std::string> OpenAiEndpoint::headers() const {
  if (api_key().empty()) return {};
  return {"Authorization: Bearer " + api_key()};
}

std::string openai_request_body(const CompletionRequest& request, const std::string& api_model) {
  nlohmann::json messages = nlohmann::json::array();
  for (const auto& message : request.messages)
    messages.push_back({{"role", message.role}, {"content", message.content}});
  nlohmann::json body = {{"model", api_model},
                         {"messages", std::move(messages)},
                         {"temperature", request.params.temperature},
                         {"max_tokens", request.params.max_tokens}};
  if (request.params.seed) body["seed"] = *request.params.seed;
  if (request.params.top_p) body["top_p"] = *request.params.top_p;
  if (!request.params.stop.empty()) body["stop"] = request.params.stop;
  if (request.params.top_logprobs) {
    body["logprobs"] = true;
    body["top_logprobs"] = *request.params.top_logprobs;
  }
  return body.dump();
}

// simdjson rather than nlohmann::json: every reply of a run passes here, and
// nlohmann's parser spent about 90,000 instructions on a 1.2 KB reply, a quarter of
// evolbench's whole cost per request. simdjson validates the whole document (and its
// UTF-8) as nlohmann does, several times faster.
Result<Completion> read_openai_reply(std::string_view body) {
  // One parser per thread: it keeps its buffers from reply to reply.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element reply;
  if (parser.parse(body.data(), body.size()).get(reply) != simdjson::SUCCESS)
    return model_error("not valid JSON");
  simdjson::dom::array choices;
  if (reply["choices"].get(choices) != simdjson::SUCCESS || choices.size() == 0)
    return model_error("no choices in the reply");
  const simdjson::dom::element choice = choices.at(0).value_unsafe();
  std::string_view content;
  if (choice["message"]["content"].get(content) != simdjson::SUCCESS)
    return model_error("no message content in the reply");
  Completion completion;
  completion.text = std::string(content);
  // choices[0].logprobs.content: absent or null unless the request asked for them.
  if (simdjson::dom::array tokens; choice["logprobs"]["content"].get(tokens) == simdjson::SUCCESS) {
    auto read = logprobs_from_json(simdjson::minify(tokens));
    if (!read.ok()) return read.error();
    completion.logprobs = std::move(read).value();
  }
  if (simdjson::dom::object usage; reply["usage"].get(usage) == simdjson::SUCCESS) {
    auto prompt = read_count(usage, "prompt_tokens");
    EVB_TRY(prompt);
    auto completion_count = read_count(usage, "completion_tokens");
    EVB_TRY(completion_count);
    completion.prompt_tokens = *prompt;
    completion.completion_tokens = *completion_count;
  }
  return completion;
}

std::string OpenAiEndpoint::body(const CompletionRequest& request) const {
  return openai_request_body(request, api_model(request));
}

Result<Completion> OpenAiEndpoint::read_reply(std::string_view body) const {
  return read_openai_reply(body);
}

}  // namespace evolbench
