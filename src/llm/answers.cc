#include "llm/answers.h"

#include <algorithm>

#include "llm/call_stream.h"
#include "llm/file_endpoint.h"

namespace evolbench {

AnswerStage::AnswerStage(const std::vector<Item>& items, const AnswerOptions& options, RunStore& store,
                         const StageProgress& progress, CallStream& stream)
    : items_(items), options_(options), store_(store), progress_(progress), stream_(stream),
      open_chains_(items.size(), options.models.size()) {
  for (const auto& name : options.models) {
    const auto own = options.params_by_model.find(name);
    params_of_model_.push_back(own == options.params_by_model.end() ? &options.params : &own->second);
  }
  for (const auto& item : items) total_ += static_cast<std::size_t>(turn_count(item)) * options.models.size();
}

Result<std::unique_ptr<AnswerStage>> AnswerStage::open(const std::vector<Item>& items, const AnswerOptions& options,
                                                       RunStore& store, const StageProgress& progress,
                                                       CallStream& stream) {
  EVB_TRY(store.clear_failures(to_string(Stage::kAnswer)));  // what is still missing is recorded afresh
  return std::unique_ptr<AnswerStage>(new AnswerStage(items, options, store, progress, stream));
}

bool AnswerStage::ask_next_item() {
  if (store_error_ || next_item_ == items_.size()) return false;
  const std::size_t item = next_item_++;
  if (options_.models.empty() && on_item_answered) on_item_answered(item);
  for (std::size_t m = 0; m < options_.models.size(); ++m) ask_from(item, m, 1, {});
  return true;
}

Result<FailureTally> AnswerStage::finish() {
  if (store_error_) return store_error_.error();
  if (progress_ && !asked_any_) progress_(done_, total_, failures_.total(), 0);
  return failures_;
}

void AnswerStage::ask_from(std::size_t item_index, std::size_t m, int turn, std::vector<Message> messages) {
  const Item& item = items_[item_index];
  const std::string& name = options_.models[m];
  for (; turn <= turn_count(item); ++turn) {
    auto existing = store_.find_answer(item.id, name, turn);
    if (!existing.ok()) {
      store_error_.keep(existing.error());
      return;
    }
    if (!existing->has_value()) break;
    ++done_;
    messages.push_back({"user", user_message(item, turn)});
    messages.push_back({"assistant", std::move((*existing)->text)});
  }
  if (turn > turn_count(item)) {
    chain_ended(item_index);
    return;
  }
  messages.push_back({"user", user_message(item, turn)});
  CompletionRequest request{name, messages, *params_of_model_[m], answer_purpose(item.id, turn, turn_count(item))};
  asked_any_ = true;
  stream_.ask(std::move(request), [this, item_index, &item, &name, m, turn, messages = std::move(messages)](
                                      Result<Completion> completion) mutable {
    ++done_;
    if (!completion.ok() && completion.error().kind == Error::Kind::kIo) {
      store_error_.keep(completion.error());  // the store, not the model: no rerun of the call helps
    } else if (!completion.ok()) {
      const Error& error = completion.error();
      failures_.add(error, turn_subject(item.id, turn) + " / " + name);
      store_error_.keep(store_.put_failure({to_string(Stage::kAnswer), turn_subject(item.id, turn), name, error.message, "",
                               error.permanent}));
      not_asked_after(item, name, turn);
      chain_ended(item_index);
    } else if (store_error_.keep(store_.put_answer({item.id, name, completion->text, turn}))) {
      messages.push_back({"assistant", std::move(completion->text)});
      ask_from(item_index, m, turn + 1, std::move(messages));
    }
    if (progress_) progress_(done_, total_, failures_.total(), 0);
  });
}

void AnswerStage::chain_ended(std::size_t item_index) {
  if (--open_chains_[item_index] == 0 && on_item_answered) on_item_answered(item_index);
}

void AnswerStage::not_asked_after(const Item& item, const std::string& name, int failed) {
  for (int turn = failed + 1; turn <= turn_count(item); ++turn) {
    ++done_;
    auto existing = store_.find_answer(item.id, name, turn);
    if (!existing.ok()) {
      store_error_.keep(existing.error());
      return;
    }
    if (existing->has_value()) continue;
    store_error_.keep(store_.put_failure({to_string(Stage::kAnswer), turn_subject(item.id, turn), name,
                             "not asked: the answer to turn " + std::to_string(failed) +
                                 " is missing (its call failed); a rerun asks both",
                             ""}));
  }
}


Result<FailureTally> answer_items(const std::vector<Item>& items, const AnswerOptions& options,
                                  ChatModel& model, RunStore& store, const StageProgress& progress) {
  CallStream stream;
  auto stage = AnswerStage::open(items, options, store, progress, stream);
  EVB_TRY(stage);
  // Item by item, every model's conversation at once: each model's endpoint is busy
  // from the start, and only items being answered are held in memory.
  stream.run(model, [&] { return (*stage)->ask_next_item(); });
  return (*stage)->finish();
}

}  // namespace evolbench
