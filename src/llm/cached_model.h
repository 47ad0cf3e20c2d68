// The run store in front of a model: every request is looked up by its content hash
// first and only the missing ones reach the endpoint. Each completion is written to
// the store before the caller hears of it, so a killed run never pays twice. Failed
// calls, and replies the request's accept_reply rejects, are passed on but never
// stored: a failure is not a result, and the next run asks again.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>

#include "llm/chat_model.h"
#include "store/run_store.h"

namespace evolbench {

struct CallCounts {
  std::int64_t made = 0;    // reached the endpoint and gave a usable reply
  std::int64_t cached = 0;  // answered from the store
  std::int64_t failed = 0;  // failed, or replied with nothing usable (not cached)
  std::int64_t prompt_tokens = 0;      // of calls that replied, usable or not
  std::int64_t completion_tokens = 0;  // of calls that replied, usable or not
  double cost_usd = 0;                 // of calls that replied, usable or not
};

class CachedModel : public ChatModel {
 public:
  // Both must outlive this object.
  CachedModel(ChatModel& endpoint, RunStore& store) : endpoint_(endpoint), store_(store) {}

  std::string endpoint_kind() const override { return endpoint_.endpoint_kind(); }
  std::string endpoint_kind_for(const CompletionRequest& request) const override {
    return endpoint_.endpoint_kind_for(request);
  }
  void complete_batch(std::span<const CompletionRequest> requests,
                      const CompletionCallback& done) override;
  void complete_stream(const RequestSource& next, const CompletionCallback& done) override;

  const CallCounts& counts() const { return counts_; }
  // Every (model, endpoint kind) asked for, from the store or the endpoint: which
  // models' results came from the simulator ("sim:...") and which from real endpoints.
  const std::set<std::pair<std::string, std::string>>& served() const { return served_; }

 private:
  // A stored call as a completion, counted as cached; an Error when its stored
  // log-probabilities cannot be read.
  Result<Completion> cached_completion(const CallRecord& call);

  ChatModel& endpoint_;
  RunStore& store_;
  CallCounts counts_;
  std::set<std::pair<std::string, std::string>> served_;
};

}  // namespace evolbench
