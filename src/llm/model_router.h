// One ChatModel over many endpoints: each request goes to the endpoint configured
// for its model name, and names with no endpoint go to the fallback (the simulated
// backend). The HTTP endpoints share one HttpEngine, so requests for several models
// are in flight at once, each endpoint within its own limits.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "llm/http_endpoint.h"

namespace evolbench {

class ModelRouter : public ChatModel {
 public:
  // `fallback` must outlive the router.
  explicit ModelRouter(ChatModel& fallback) : fallback_(fallback) {}

  // Routes `model_name` to a new endpoint built from `config` (kind openai, anthropic
  // or file; sim leaves the name to the fallback). An input Error when the endpoint
  // cannot be built or the name is routed already.
  Status add(const std::string& model_name, const EndpointConfig& config);

  // The fallback's kind and every endpoint's, joined with '+'.
  std::string endpoint_kind() const override;
  std::string endpoint_kind_for(const CompletionRequest& request) const override;
  void complete_batch(std::span<const CompletionRequest> requests,
                      const CompletionCallback& done) override;
  // HTTP requests are sent as slots free; local endpoints' requests are answered as
  // they are taken.
  void complete_stream(const RequestSource& next, const CompletionCallback& done) override;

  // The chat completions body that answers `request` in an OpenAI Batch file: what
  // its openai endpoint would send, or for models on other endpoints the same fields
  // with the model id they know.
  std::string batch_body(const CompletionRequest& request) const;

  // Called whenever a group of replies has had its callbacks: as the HTTP engine's
  // settled hook (HttpEngine::set_settled_hook), and after a run of local replies.
  void set_settled_hook(std::function<void()> hook);

  // Attempts, retries and failures of the HTTP endpoints so far.
  const EngineCounts& engine_counts() const { return engine_.counts(); }

 private:
  struct Route {
    std::unique_ptr<ChatModel> endpoint;
    const HttpEndpoint* http = nullptr;  // the same endpoint when it speaks HTTP
    std::size_t lane = 0;
  };
  ChatModel& model_for(const std::string& name) const;

  ChatModel& fallback_;
  HttpEngine engine_;
  std::function<void()> settled_;
  std::map<std::string, Route> routes_;
};

}  // namespace evolbench
