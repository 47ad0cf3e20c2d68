#include "llm/collecting_model.h"

#include "llm/http_endpoint.h"

namespace evolbench {

void CollectingModel::complete_batch(std::span<const CompletionRequest> requests,
                                     const CompletionCallback& done) {
  std::vector<CompletionRequest> local;
  std::vector<std::size_t> local_index;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    std::string kind = endpoint_.endpoint_kind_for(requests[i]);
    if (!is_http_endpoint_kind(kind)) {
      local.push_back(requests[i]);
      local_index.push_back(i);
      continue;
    }
    std::string key = call_key(kind, requests[i]);
    if (keys_.insert(key).second) pending_.push_back({std::move(key), std::move(kind), requests[i], stage_});
    done(i, model_error(requests[i].model + ": left for a batch file"));
  }
  if (!local.empty())
    endpoint_.complete_batch(local, [&](std::size_t j, Result<Completion> completion) {
      done(local_index[j], std::move(completion));
    });
}

}  // namespace evolbench
