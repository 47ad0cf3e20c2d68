#include "run/models.h"

#include <chrono>

namespace evolbench {

Result<std::unique_ptr<RunModels>> RunModels::open(const Plan& plan, RunStore& store,
                                                   std::vector<PendingCall>* collect) {
  std::unique_ptr<RunModels> models(new RunModels(plan));
  RunModels& m = *models;
  // Models with endpoints go through the router; a plan without any (the demo) talks
  // to the simulated backend directly.
  if (!plan.endpoints.empty()) {
    m.router_.emplace(m.sim_);
    for (const auto& [name, endpoint] : plan.endpoints) EVB_TRY(m.router_->add(name, endpoint));
    m.backend_ = &*m.router_;
    // Over HTTP the records of a burst of replies are committed together, when the
    // engine says its replies have settled; the simulated backend's records are
    // committed one by one.
    m.commit_group_.emplace(store);
    m.router_->set_settled_hook([&m] {
      if (Status committed = m.commit_group_->commit(); !committed.ok() && !m.commit_error_)
        m.commit_error_ = committed.error();
    });
  }
  ChatModel* endpoint = m.backend_;
  if (collect) endpoint = &m.collecting_.emplace(*m.backend_, *collect);
  m.cached_.emplace(*endpoint, store);
  return models;
}

StageProgress RunModels::begin_stage(const std::string& stage, const ProgressListener& listener) {
  if (collecting_) collecting_->set_stage(stage);
  if (!listener) return {};
  const auto started = std::chrono::steady_clock::now();
  return [this, stage, started, listener](std::size_t done, std::size_t total, std::size_t failed,
                                          std::size_t unread) {
    const CallCounts& calls = counts();
    listener({.stage = stage,
              .stage_started = started,
              .done = done,
              .total = total,
              .failed = failed,
              .unread = unread,
              .over_http = router_.has_value(),
              .retries = router_ ? router_->engine_counts().retries : 0,
              .tokens = calls.prompt_tokens + calls.completion_tokens,
              .cost_usd = calls.cost_usd});
  };
}

Status RunModels::settle() {
  if (commit_error_) return *commit_error_;
  return commit_group_ ? commit_group_->commit() : Status{};
}

}  // namespace evolbench
