// A model that makes no HTTP call: it records each request bound for an HTTP endpoint
// (openai, anthropic) and answers it with an Error, and passes every other request
// (simulated models, answer files) to the endpoint, which answers those at no cost.
// Put behind a CachedModel, it lists the paid calls a stage still needs (those the run
// store cannot answer) without changing the stage, for a batch file.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "llm/chat_model.h"

namespace evolbench {

// A call the store does not hold: its cache key and what the store keeps with it.
struct PendingCall {
  std::string key;
  std::string endpoint_kind;
  CompletionRequest request;
  std::string stage;  // the stage that asked for it
};

class CollectingModel : public ChatModel {
 public:
  // `endpoint` (the model a real run would call) names the endpoint kinds, so the
  // keys are the ones that run would store; each distinct call is appended to
  // `pending` once. Both must outlive this object.
  CollectingModel(ChatModel& endpoint, std::vector<PendingCall>& pending)
      : endpoint_(endpoint), pending_(pending) {}

  std::string endpoint_kind() const override { return endpoint_.endpoint_kind(); }
  std::string endpoint_kind_for(const CompletionRequest& request) const override {
    return endpoint_.endpoint_kind_for(request);
  }
  void complete_batch(std::span<const CompletionRequest> requests,
                      const CompletionCallback& done) override;

  // The stage the next requests come from, recorded with each pending call.
  void set_stage(std::string stage) { stage_ = std::move(stage); }

 private:
  ChatModel& endpoint_;
  std::vector<PendingCall>& pending_;
  std::set<std::string> keys_;
  std::string stage_;
};

}  // namespace evolbench
