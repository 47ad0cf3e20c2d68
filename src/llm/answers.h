// The answer stage: each model answers each test-set item once, every turn of a
// conversation in order.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/failures.h"
#include "core/records.h"
#include "core/result.h"
#include "core/stage_progress.h"
#include "llm/chat_model.h"
#include "store/run_store.h"

namespace evolbench {

struct AnswerOptions {
  std::vector<std::string> models;  // names the ChatModel knows
  SamplingParams params{0.7, 2048, std::nullopt};
  std::map<std::string, SamplingParams> params_by_model;  // overrides `params` per model
};

// Answers every (item, turn, model) the store does not hold yet, turn by turn (a later
// turn is asked with the model's own earlier answers, as soon as they exist), item by
// item with every model at once, and puts each answer in the store as it arrives, and each failed one in the store's failures (replacing the last
// run's) with its reason. Returns the failures by reason (those answers stay missing,
// and a later run asks again); an Error only when the store fails.
Result<FailureTally> answer_items(const std::vector<Item>& items, const AnswerOptions& options,
                                 ChatModel& model, RunStore& store, const StageProgress& progress);

}  // namespace evolbench
