#include "llm/http_endpoint.h"

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/hash.h"
#include "llm/anthropic_endpoint.h"
#include "llm/openai_endpoint.h"

namespace evolbench {

namespace {

// Each HTTP kind: its name, the base URL used when the plan gives none, and its maker.
struct HttpKind {
  std::string name;
  const char* default_base_url;
  std::unique_ptr<HttpEndpoint> (*make)(EndpointConfig config, std::string api_key);
};

template <class Endpoint>
std::unique_ptr<HttpEndpoint> make(EndpointConfig config, std::string api_key) {
  return std::make_unique<Endpoint>(std::move(config), std::move(api_key));
}

const std::vector<HttpKind>& http_kinds() {
  static const std::vector<HttpKind> kinds = {{"openai", kOpenAiBaseUrl, make<OpenAiEndpoint>},
                                              {"anthropic", kAnthropicBaseUrl, make<AnthropicEndpoint>}};
  return kinds;
}

// A rough token count for the tokens-per-minute bucket: four bytes a token, plus
// the most the reply may use.
double estimate_tokens(const CompletionRequest& request) {
  std::size_t bytes = 0;
  for (const auto& message : request.messages) bytes += message.content.size();
  return static_cast<double>(bytes) / 4.0 + std::max(0, request.params.max_tokens);
}

}  // namespace

HttpEndpoint::HttpEndpoint(EndpointConfig config, std::string api_key)
    : config_(std::move(config)), api_key_(std::move(api_key)) {
  endpoint_kind_ = config_.kind + ":" +
                   short_hash(config_.base_url + "\n" + config_.model + "\n" + config_.extra_body_json);
}

HttpCall HttpEndpoint::to_http(const CompletionRequest& request, std::size_t lane) const {
  HttpCall call;
  call.lane = lane;
  call.url = url(config_.base_url);
  call.headers = headers();
  call.body = body(request);
  if (!config_.extra_body_json.empty()) {
    // Checked to be an object by make_http_endpoint. A JSON merge patch (RFC 7396), so
    // a null drops a field: reasoning models refuse `max_tokens` and `temperature`.
    auto merged = nlohmann::json::parse(call.body);
    merged.merge_patch(nlohmann::json::parse(config_.extra_body_json));
    call.body = merged.dump();
  }
  call.token_estimate = estimate_tokens(request);
  // The same key on every attempt and every run: a server or gateway that honours
  // idempotency keys replays a reply it already produced instead of paying for it
  // again, which closes the one gap a client cannot (a reply on the wire when the
  // run was killed). Equal requests are one call in the store anyway.
  call.headers.push_back("Idempotency-Key: " + sha256_hex(call.url + "\n" + call.body));
  return call;
}

std::vector<std::string> HttpEndpoint::replica_urls() const {
  if (config_.replica_base_urls.empty()) return {};
  std::vector<std::string> urls = {url(config_.base_url)};
  for (const auto& base_url : config_.replica_base_urls) urls.push_back(url(base_url));
  return urls;
}

Result<Completion> HttpEndpoint::from_http(std::string_view body) const {
  Result<Completion> completion = model_error("no reply read");
  try {
    completion = read_reply(body);
  } catch (const nlohmann::json::exception& e) {  // a field of an unexpected type
    return model_error(std::string("unexpected reply: ") + e.what());
  }
  if (completion.ok())
    completion->cost_usd =
        (static_cast<double>(completion->prompt_tokens) * config_.prices.prompt_per_million +
         static_cast<double>(completion->completion_tokens) * config_.prices.completion_per_million) /
        1e6;
  return completion;
}

std::optional<Error> HttpEndpoint::refusal(const CompletionRequest& request) const {
  std::size_t chars = 0;
  for (const auto& message : request.messages) chars += message.content.size();
  if (chars <= config_.max_input_chars) return std::nullopt;
  return permanent_model_error(request.model + ": the input has " + std::to_string(chars) +
                               " characters, over the endpoint's max_input_chars of " +
                               std::to_string(config_.max_input_chars) + "; not sent");
}

void HttpEndpoint::complete_batch(std::span<const CompletionRequest> requests,
                                  const CompletionCallback& done) {
  complete_stream(copies_of(requests), done);
}

void HttpEndpoint::complete_stream(const RequestSource& next, const CompletionCallback& done) {
  HttpEngine engine;
  const std::size_t lane = engine.add_lane(config_.limits, replica_urls());
  std::size_t given = 0;             // requests taken from `next`
  std::vector<std::size_t> request_of_call;  // by call index
  engine.run_stream(
      [&]() -> std::optional<HttpCall> {
        while (auto request = next()) {
          const std::size_t index = given++;
          if (auto refused = refusal(*request)) {
            done(index, std::move(*refused));
            continue;
          }
          request_of_call.push_back(index);
          return to_http(*request, lane);
        }
        return std::nullopt;
      },
      [&](std::size_t, std::string_view body) { return from_http(body); },
      [&](std::size_t call, Result<Completion> completion) { done(request_of_call[call], std::move(completion)); });
}

Result<std::unique_ptr<HttpEndpoint>> make_http_endpoint(const EndpointConfig& config) {
  std::string key;
  if (!config.api_key_env.empty()) {
    const char* value = std::getenv(config.api_key_env.c_str());
    if (!value || !*value)
      return input_error("endpoint " + config.kind + ": environment variable " +
                         config.api_key_env + " is not set");
    key = value;
  }
  if (!config.extra_body_json.empty()) {
    const auto extra = nlohmann::json::parse(config.extra_body_json, nullptr, false);
    if (!extra.is_object())
      return input_error("endpoint " + config.kind + ": extra body fields must be a JSON object");
  }
  for (const HttpKind& kind : http_kinds())
    if (config.kind == kind.name) {
      EndpointConfig resolved = config;
      if (resolved.base_url.empty()) resolved.base_url = kind.default_base_url;
      return kind.make(std::move(resolved), std::move(key));
    }
  std::string names;
  for (const auto& name : http_endpoint_kinds()) names += (names.empty() ? "" : ", ") + name;
  return input_error("endpoint kind '" + config.kind + "' is not an HTTP endpoint (" + names + ")");
}

const std::vector<std::string>& http_endpoint_kinds() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& kind : http_kinds()) out.push_back(kind.name);
    return out;
  }();
  return names;
}

bool is_http_endpoint_kind(std::string_view kind) {
  for (const auto& name : http_endpoint_kinds())
    if (kind == name || (kind.rfind(name, 0) == 0 && kind.size() > name.size() && kind[name.size()] == ':'))
      return true;
  return false;
}

}  // namespace evolbench
