#include "llm/model_router.h"

#include <set>

#include "llm/file_endpoint.h"
#include "llm/openai_endpoint.h"

namespace evolbench {

Status ModelRouter::add(const std::string& model_name, const EndpointConfig& config) {
  if (routes_.count(model_name)) return input_error("model '" + model_name + "' has two endpoints");
  if (config.kind == "sim") return {};
  Route route;
  if (config.kind == "file") {
    auto file = FileEndpoint::open(config.path);
    EVB_TRY(file);
    route.endpoint = std::make_unique<FileEndpoint>(std::move(file).value());
  } else {
    auto http = make_http_endpoint(config);
    if (!http.ok()) return input_error("model '" + model_name + "': " + http.error().message);
    route.http = http->get();
    route.lane = engine_.add_lane(config.limits, (*http)->replica_urls());
    route.endpoint = std::move(http).value();
  }
  routes_.emplace(model_name, std::move(route));
  return {};
}

ChatModel& ModelRouter::model_for(const std::string& name) const {
  const auto route = routes_.find(name);
  return route == routes_.end() ? fallback_ : *route->second.endpoint;
}

std::string ModelRouter::endpoint_kind() const {
  std::set<std::string> kinds;
  for (const auto& [name, route] : routes_) kinds.insert(route.endpoint->endpoint_kind());
  std::string joined = fallback_.endpoint_kind();
  for (const auto& kind : kinds) joined += "+" + kind;
  return joined;
}

std::string ModelRouter::endpoint_kind_for(const CompletionRequest& request) const {
  return model_for(request.model).endpoint_kind_for(request);
}

std::string ModelRouter::batch_body(const CompletionRequest& request) const {
  const auto route = routes_.find(request.model);
  if (route == routes_.end() || !route->second.http) return openai_request_body(request, request.model);
  const HttpEndpoint& http = *route->second.http;
  if (http.config().kind == "openai") return http.to_http(request, route->second.lane).body;
  return openai_request_body(request, http.config().model.empty() ? request.model : http.config().model);
}

void ModelRouter::set_settled_hook(std::function<void()> hook) {
  settled_ = hook;
  engine_.set_settled_hook(std::move(hook));
}

void ModelRouter::complete_batch(std::span<const CompletionRequest> requests,
                                 const CompletionCallback& done) {
  complete_stream(copies_of(requests), done);
}

void ModelRouter::complete_stream(const RequestSource& next, const CompletionCallback& done) {
  std::size_t given = 0;  // requests taken from `next`
  struct Sent {
    std::size_t request;
    const HttpEndpoint* endpoint;
  };
  std::vector<Sent> sent;  // by call index
  bool unsettled = false;  // local replies whose records are not committed yet
  const auto settle_local = [&] {
    if (unsettled && settled_) settled_();
    unsettled = false;
  };
  engine_.run_stream(
      [&]() -> std::optional<HttpCall> {
        while (auto request = next()) {
          const std::size_t index = given++;
          const auto route = routes_.find(request->model);
          if (route != routes_.end() && route->second.http) {
            if (auto refused = route->second.http->refusal(*request)) {
              done(index, std::move(*refused));
              continue;
            }
            settle_local();
            sent.push_back({index, route->second.http});
            return route->second.http->to_http(*request, route->second.lane);
          }
          // Local endpoints (the simulator, answer files) reply at once.
          done(index, model_for(request->model).complete(*request));
          unsettled = true;
        }
        settle_local();
        return std::nullopt;
      },
      [&](std::size_t call, std::string_view body) { return sent[call].endpoint->from_http(body); },
      [&](std::size_t call, Result<Completion> completion) { done(sent[call].request, std::move(completion)); });
}

}  // namespace evolbench
