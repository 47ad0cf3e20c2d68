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
  std::vector<HttpCall> calls;
  std::vector<std::size_t> call_request;
  std::vector<const HttpEndpoint*> call_endpoint;
  // Requests for local endpoints, grouped by endpoint in order of first use.
  std::vector<std::pair<ChatModel*, std::vector<std::size_t>>> local;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const auto route = routes_.find(requests[i].model);
    if (route != routes_.end() && route->second.http) {
      if (auto refused = route->second.http->refusal(requests[i])) {
        done(i, std::move(*refused));
        continue;
      }
      calls.push_back(route->second.http->to_http(requests[i], route->second.lane));
      call_request.push_back(i);
      call_endpoint.push_back(route->second.http);
      continue;
    }
    ChatModel* model = &model_for(requests[i].model);
    auto group = std::find_if(local.begin(), local.end(), [&](const auto& g) { return g.first == model; });
    if (group == local.end()) group = local.insert(local.end(), {model, {}});
    group->second.push_back(i);
  }
  for (const auto& [model, indexes] : local) {
    std::vector<CompletionRequest> subset;
    subset.reserve(indexes.size());
    for (const std::size_t i : indexes) subset.push_back(requests[i]);
    model->complete_batch(subset, [&, &indexes = indexes](std::size_t j, Result<Completion> completion) {
      done(indexes[j], std::move(completion));
    });
    if (settled_) settled_();
  }
  if (calls.empty()) return;
  engine_.run(
      calls,
      [&](std::size_t j, std::string_view body) { return call_endpoint[j]->from_http(body); },
      [&](std::size_t j, Result<Completion> completion) { done(call_request[j], std::move(completion)); });
}

}  // namespace evolbench
