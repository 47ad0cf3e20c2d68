// What every model endpoint is configured with, and the base of the endpoints
// reached over HTTP (openai_endpoint.h, anthropic_endpoint.h): an HttpEndpoint turns
// a CompletionRequest into an HttpCall and a reply body into a Completion, and the
// HttpEngine does the sending.
//
// Credentials: the API key is read from the environment variable the configuration
// names, kept in memory only, and put in request headers; it is not part of
// endpoint_kind or canonical_request, so it never reaches the store, and error
// messages never quote headers.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llm/chat_model.h"
#include "llm/http_engine.h"

namespace evolbench {

// US dollars per million tokens.
struct Prices {
  double prompt_per_million = 0;
  double completion_per_million = 0;
};

struct EndpointConfig {
  std::string kind;             // "openai", "anthropic", "file" or "sim"
  std::string base_url;         // openai/anthropic; empty: the vendor's public API
  std::string model;            // the model id the API knows; empty: the plan's name
  std::string api_key_env;      // environment variable holding the key; empty: none
  std::string path;             // file: the answers file
  std::string extra_body_json;  // a JSON object merged into every request body
  EndpointLimits limits;
  Prices prices;
  // A request whose messages hold more characters is refused before it is sent (a
  // permanent failure): a runaway input must not be paid for, nor retried.
  std::size_t max_input_chars = 1'000'000;
  // Further base URLs serving the same model (replicas); requests spread over these and
  // base_url, which alone names the endpoint in cache keys.
  std::vector<std::string> replica_base_urls = {};
};

class HttpEndpoint : public ChatModel {
 public:
  // kind + ":" + a hash of base URL, model and extra body fields (never the key).
  std::string endpoint_kind() const override { return endpoint_kind_; }
  // Runs the batch on an engine of its own; ModelRouter shares one among endpoints.
  void complete_batch(std::span<const CompletionRequest> requests,
                      const CompletionCallback& done) override;
  void complete_stream(const RequestSource& next, const CompletionCallback& done) override;

  // The HTTP call for `request`, in engine lane `lane`, with an Idempotency-Key header
  // derived from the URL and body.
  HttpCall to_http(const CompletionRequest& request, std::size_t lane) const;
  // Why `request` must not be sent (over max_input_chars), if it must not.
  std::optional<Error> refusal(const CompletionRequest& request) const;
  // The request URL at each base URL when the endpoint has replicas, for
  // HttpEngine::add_lane; empty otherwise.
  std::vector<std::string> replica_urls() const;
  // The Completion in a 2xx reply, with usage and cost; an Error when the body is not
  // the JSON the API sends or holds no content.
  Result<Completion> from_http(std::string_view body) const;

  const EndpointConfig& config() const { return config_; }

 protected:
  HttpEndpoint(EndpointConfig config, std::string api_key);

  const std::string& api_key() const { return api_key_; }
  // The model id sent for `request`.
  const std::string& api_model(const CompletionRequest& request) const {
    return config_.model.empty() ? request.model : config_.model;
  }

 private:
  // The request URL at `base_url`.
  virtual std::string url(const std::string& base_url) const = 0;
  virtual std::vector<std::string> headers() const = 0;
  // The request body without the extra fields.
  virtual std::string body(const CompletionRequest& request) const = 0;
  // Text and token counts of a 2xx reply.
  virtual Result<Completion> read_reply(std::string_view body) const = 0;

  EndpointConfig config_;
  std::string api_key_;
  std::string endpoint_kind_;
};

// The HTTP endpoint kinds, as plans name them: the one list a new kind joins.
const std::vector<std::string>& http_endpoint_kinds();

// Whether calls with this endpoint kind ("openai", or "openai:" and its hash as cache
// keys name it) go over HTTP.
bool is_http_endpoint_kind(std::string_view kind);

// An endpoint of one of http_endpoint_kinds(); an input Error when the kind is none of
// them, the key's variable is named but unset, or extra_body_json is not a JSON object.
Result<std::unique_ptr<HttpEndpoint>> make_http_endpoint(const EndpointConfig& config);

}  // namespace evolbench
