// The answer stage: each model answers each test-set item once, every turn of a
// conversation in order.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/failures.h"
#include "core/records.h"
#include "core/result.h"
#include "core/stage_progress.h"
#include "llm/call_stream.h"
#include "llm/chat_model.h"
#include "store/run_store.h"

namespace evolbench {

struct AnswerOptions {
  std::vector<std::string> models;  // names the ChatModel knows
  SamplingParams params{0.7, 2048, std::nullopt};
  std::map<std::string, SamplingParams> params_by_model;  // overrides `params` per model
};

// The answer stage as work on a stream, so another stage can share the stream and
// start on an item as soon as its answers are in (the judge stage, in `run`): each
// model's conversation on an item goes on turn after turn as its answers arrive, with
// no wait for other items or models.
class AnswerStage {
 public:
  // Clears the store's answer failures: what is still missing is recorded afresh.
  // Everything given must outlive the stage.
  static Result<std::unique_ptr<AnswerStage>> open(const std::vector<Item>& items, const AnswerOptions& options,
                                                   RunStore& store, const StageProgress& progress,
                                                   CallStream& stream);

  // Asks the next item's missing turns of every model on the stream; false when no
  // item is left, or the store failed.
  bool ask_next_item();

  // Called with an item's index once every model's conversation on it has ended: all
  // its turns are stored, or a failure stopped it.
  std::function<void(std::size_t item)> on_item_answered;

  // The failures by reason once the stream has run; an Error when the store failed.
  Result<FailureTally> finish();

 private:
  AnswerStage(const std::vector<Item>& items, const AnswerOptions& options, RunStore& store,
              const StageProgress& progress, CallStream& stream);
  // Asks model `m` the first turn from `turn` on that the store lacks, with `messages`
  // (the model's own earlier turns) before it; turns found stored are counted done.
  void ask_from(std::size_t item, std::size_t m, int turn, std::vector<Message> messages);
  void chain_ended(std::size_t item);
  // The turns after `failed` that the store lacks wait for a rerun. They are listed with
  // the failures, so a turn missing from the judgments is shown, not just absent; their
  // calls are not made, so they are not in the tally of failed calls.
  void not_asked_after(const Item& item, const std::string& name, int failed);

  const std::vector<Item>& items_;
  const AnswerOptions& options_;
  RunStore& store_;
  StageProgress progress_;
  CallStream& stream_;
  std::vector<const SamplingParams*> params_of_model_;
  std::vector<std::size_t> open_chains_;  // by item: models whose conversation goes on
  std::size_t next_item_ = 0;
  std::size_t total_ = 0;
  std::size_t done_ = 0;
  bool asked_any_ = false;
  FailureTally failures_;
  FirstError store_error_;  // stops the stage
};

// Answers every (item, turn, model) the store does not hold yet, turn by turn (a later
// turn is asked with the model's own earlier answers, as soon as they exist), item by
// item with every model at once, and puts each answer in the store as it arrives, and each failed one in the store's failures (replacing the last
// run's) with its reason. Returns the failures by reason (those answers stay missing,
// and a later run asks again); an Error only when the store fails.
Result<FailureTally> answer_items(const std::vector<Item>& items, const AnswerOptions& options,
                                 ChatModel& model, RunStore& store, const StageProgress& progress);

}  // namespace evolbench
