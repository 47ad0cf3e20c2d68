// The model stack a run calls, built in one place for `run` and `batch`: the
// simulated backend for models without an endpoint, a router over the plan's
// endpoints, optionally a collector that leaves HTTP calls for a batch file, and the
// run store's cache in front of it all.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/stage_progress.h"
#include "llm/cached_model.h"
#include "llm/collecting_model.h"
#include "llm/model_router.h"
#include "sim/sim.h"
#include "run/plan.h"
#include "store/run_store.h"

namespace evolbench {

class RunModels {
 public:
  // The stack for `plan` over `store` (which must outlive it). With `collect`, calls
  // bound for HTTP endpoints are listed there instead of made.
  static Result<std::unique_ptr<RunModels>> open(const Plan& plan, RunStore& store,
                                                 std::vector<PendingCall>* collect = nullptr);

  // What the stages call: the store first, then the endpoints.
  CachedModel& model() { return *cached_; }
  const CallCounts& counts() const { return cached_->counts(); }
  // The endpoint kinds the plan can use, '+'-joined.
  std::string backend() const { return backend_->endpoint_kind(); }

  // A stage begins: its pending calls are labelled with `stage`, and its progress goes
  // to `listener` (none when empty) with the run's call figures.
  StageProgress begin_stage(Stage stage, const ProgressListener& listener) {
    return begin_stage(to_string(stage), listener);
  }
  // The same for work that is no stage of a plan's run ("score": `testset score`).
  StageProgress begin_stage(const std::string& stage, const ProgressListener& listener);

  // The chat completions body of `request` in an OpenAI Batch file.
  std::string batch_body(const CompletionRequest& request) const {
    return router_ ? router_->batch_body(request) : "";
  }

  // The replies stored so far are committed (over HTTP they are committed in bursts);
  // the first failed commit is the run's error.
  Status settle();

 private:
  explicit RunModels(const Plan& plan) : sim_(plan.sim) {}

  SimBackend sim_;
  std::optional<ModelRouter> router_;  // only when the plan has endpoints
  ChatModel* backend_ = &sim_;
  std::optional<RunStore::CommitGroup> commit_group_;
  std::optional<Error> commit_error_;
  std::optional<CollectingModel> collecting_;
  std::optional<CachedModel> cached_;
};

}  // namespace evolbench
