#include "llm/cached_model.h"

#include <unordered_map>


namespace evolbench {

void CachedModel::complete_batch(std::span<const CompletionRequest> requests,
                                 const CompletionCallback& done) {
  complete_stream(copies_of(requests), done);
}

void CachedModel::complete_stream(const RequestSource& next, const CompletionCallback& done) {
  // A request the store could not answer, while its call is open.
  struct Missing {
    std::size_t index;  // in `next`'s order
    std::string model;
    std::string kind;
    std::string key;
    std::function<bool(std::string_view)> accept;
  };
  std::unordered_map<std::size_t, Missing> missing;  // by the endpoint's index
  std::size_t given = 0;                             // requests taken from `next`
  std::size_t sent = 0;                              // requests passed to the endpoint
  const auto take = [&]() -> std::optional<CompletionRequest> {
    while (auto request = next()) {
      const std::size_t index = given++;
      std::string kind = endpoint_.endpoint_kind_for(*request);
      served_.emplace(request->model, kind);
      std::string key = call_key(kind, *request);
      auto found = store_.find_call(key);
      if (!found.ok()) {
        ++counts_.failed;
        done(index, found.error());
        continue;
      }
      if (found->has_value()) {
        done(index, cached_completion(**found));
        continue;
      }
      missing.emplace(sent++, Missing{index, request->model, std::move(kind), std::move(key),
                                      request->params.accept_reply});
      return request;
    }
    return std::nullopt;
  };
  endpoint_.complete_stream(take, [&](std::size_t j, Result<Completion> completion) {
    auto node = missing.extract(j);
    const Missing& asked = node.mapped();
    if (!completion.ok()) {
      ++counts_.failed;  // failures are reported, never cached
      done(asked.index, std::move(completion));
      return;
    }
    counts_.prompt_tokens += completion->prompt_tokens;
    counts_.completion_tokens += completion->completion_tokens;
    counts_.cost_usd += completion->cost_usd;
    if (asked.accept && !asked.accept(completion->text)) {
      ++counts_.failed;  // paid for, but nothing usable in it: asked again next run
      done(asked.index, std::move(completion));
      return;
    }
    const CallRecord call{asked.key, asked.kind, asked.model, completion->text,
                          completion->prompt_tokens, completion->completion_tokens,
                          completion->latency_ms,
                          completion->logprobs ? logprobs_to_json(*completion->logprobs) : ""};
    if (Status stored = store_.put_call(call); !stored.ok()) {
      ++counts_.failed;
      done(asked.index, stored.error());
      return;
    }
    ++counts_.made;
    done(asked.index, std::move(completion));
  });
}

Result<Completion> CachedModel::cached_completion(const CallRecord& call) {
  Completion completion{call.response, call.prompt_tokens, call.completion_tokens, call.latency_ms,
                        /*cached=*/true};
  if (!call.logprobs.empty()) {
    auto logprobs = logprobs_from_json(call.logprobs);
    if (!logprobs.ok()) {
      ++counts_.failed;
      return logprobs.error();
    }
    completion.logprobs = std::move(logprobs).value();
  }
  ++counts_.cached;
  return completion;
}

}  // namespace evolbench
