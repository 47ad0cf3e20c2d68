#include "llm/cached_model.h"


namespace evolbench {

void CachedModel::complete_batch(std::span<const CompletionRequest> requests,
                                 const CompletionCallback& done) {
  std::vector<CompletionRequest> missing;
  std::vector<std::string> missing_kind;
  std::vector<std::size_t> missing_index;
  std::vector<std::string> missing_key;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    std::string kind = endpoint_.endpoint_kind_for(requests[i]);
    served_.emplace(requests[i].model, kind);
    std::string key = call_key(kind, requests[i]);
    auto found = store_.find_call(key);
    if (!found.ok()) {
      ++counts_.failed;
      done(i, found.error());
      continue;
    }
    if (found->has_value()) {
      const CallRecord& call = **found;
      Completion completion{call.response, call.prompt_tokens, call.completion_tokens,
                            call.latency_ms, /*cached=*/true};
      if (!call.logprobs.empty()) {
        auto logprobs = logprobs_from_json(call.logprobs);
        if (!logprobs.ok()) {
          ++counts_.failed;
          done(i, logprobs.error());
          continue;
        }
        completion.logprobs = std::move(logprobs).value();
      }
      ++counts_.cached;
      done(i, std::move(completion));
      continue;
    }
    missing.push_back(requests[i]);
    missing_index.push_back(i);
    missing_kind.push_back(std::move(kind));
    missing_key.push_back(std::move(key));
  }
  if (missing.empty()) return;
  endpoint_.complete_batch(missing, [&](std::size_t j, Result<Completion> completion) {
    const std::size_t i = missing_index[j];
    if (!completion.ok()) {
      ++counts_.failed;  // failures are reported, never cached
      done(i, std::move(completion));
      return;
    }
    counts_.prompt_tokens += completion->prompt_tokens;
    counts_.completion_tokens += completion->completion_tokens;
    counts_.cost_usd += completion->cost_usd;
    const auto& accept = missing[j].params.accept_reply;
    if (accept && !accept(completion->text)) {
      ++counts_.failed;  // paid for, but nothing usable in it: asked again next run
      done(i, std::move(completion));
      return;
    }
    const CallRecord call{missing_key[j], missing_kind[j], missing[j].model, completion->text,
                          completion->prompt_tokens, completion->completion_tokens,
                          completion->latency_ms,
                          completion->logprobs ? logprobs_to_json(*completion->logprobs) : ""};
    if (Status stored = store_.put_call(call); !stored.ok()) {
      ++counts_.failed;
      done(i, stored.error());
      return;
    }
    ++counts_.made;
    done(i, std::move(completion));
  });
}

}  // namespace evolbench
