#include "llm/answers.h"

#include <algorithm>

#include "llm/call_stream.h"
#include "llm/file_endpoint.h"

namespace evolbench {

namespace {

// The stage's state while its calls stream: each model's conversation on an item goes
// on turn after turn as its answers arrive, with no wait for other items or models.
class Answering {
 public:
  Answering(const std::vector<Item>& items, const AnswerOptions& options, RunStore& store,
            const StageProgress& progress)
      : items_(items), options_(options), store_(store), progress_(progress) {
    for (const auto& name : options.models) {
      const auto own = options.params_by_model.find(name);
      params_of_model_.push_back(own == options.params_by_model.end() ? &options.params : &own->second);
    }
    for (const auto& item : items) total_ += static_cast<std::size_t>(turn_count(item)) * options.models.size();
  }

  Result<FailureTally> run(ChatModel& model) {
    // Item by item, every model's conversation at once: each model's endpoint is busy
    // from the start, and only items being answered are held in memory.
    std::size_t next_item = 0;
    stream_.run(model, [&] {
      if (store_error_ || next_item == items_.size()) return false;
      const Item& item = items_[next_item++];
      for (std::size_t m = 0; m < options_.models.size(); ++m) ask_from(item, m, 1, {});
      return true;
    });
    if (store_error_) return *store_error_;
    if (progress_ && !asked_any_) progress_(done_, total_, failures_.total(), 0);
    return failures_;
  }

 private:
  // Asks model `m` the first turn from `turn` on that the store lacks, with `messages`
  // (the model's own earlier turns) before it; the turns found stored are counted done.
  void ask_from(const Item& item, std::size_t m, int turn, std::vector<Message> messages) {
    const std::string& name = options_.models[m];
    for (; turn <= turn_count(item); ++turn) {
      auto existing = store_.find_answer(item.id, name, turn);
      if (!existing.ok()) {
        store_error_ = existing.error();
        return;
      }
      if (!existing->has_value()) break;
      ++done_;
      messages.push_back({"user", user_message(item, turn)});
      messages.push_back({"assistant", std::move((*existing)->text)});
    }
    if (turn > turn_count(item)) return;
    messages.push_back({"user", user_message(item, turn)});
    CompletionRequest request{name, messages, *params_of_model_[m], answer_purpose(item.id, turn, turn_count(item))};
    asked_any_ = true;
    stream_.ask(std::move(request), [this, &item, &name, m, turn, messages = std::move(messages)](
                                        Result<Completion> completion) mutable {
      ++done_;
      if (!completion.ok() && completion.error().kind == Error::Kind::kIo) {
        store_error_ = completion.error();  // the store, not the model: no rerun of the call helps
      } else if (!completion.ok()) {
        const Error& error = completion.error();
        failures_.add(error, turn_subject(item.id, turn) + " / " + name);
        keep(store_.put_failure({to_string(Stage::kAnswer), turn_subject(item.id, turn), name, error.message, "",
                                 error.permanent}));
        not_asked_after(item, name, turn);
      } else if (keep(store_.put_answer({item.id, name, completion->text, turn}))) {
        messages.push_back({"assistant", std::move(completion->text)});
        ask_from(item, m, turn + 1, std::move(messages));
      }
      if (progress_) progress_(done_, total_, failures_.total(), 0);
    });
  }

  // The turns after `failed` that the store lacks wait for a rerun. They are listed with
  // the failures, so a turn missing from the judgments is shown, not just absent; their
  // calls are not made, so they are not in the tally of failed calls.
  void not_asked_after(const Item& item, const std::string& name, int failed) {
    for (int turn = failed + 1; turn <= turn_count(item); ++turn) {
      ++done_;
      auto existing = store_.find_answer(item.id, name, turn);
      if (!existing.ok()) {
        keep(existing.error());
        return;
      }
      if (existing->has_value()) continue;
      keep(store_.put_failure({to_string(Stage::kAnswer), turn_subject(item.id, turn), name,
                               "not asked: the answer to turn " + std::to_string(failed) +
                                   " is missing (its call failed); a rerun asks both",
                               ""}));
    }
  }

  // Whether `status` is ok; the first store error is kept, and stops the stage.
  bool keep(Status status) {
    if (status.ok()) return true;
    if (!store_error_) store_error_ = status.error();
    return false;
  }

  const std::vector<Item>& items_;
  const AnswerOptions& options_;
  RunStore& store_;
  const StageProgress& progress_;
  std::vector<const SamplingParams*> params_of_model_;
  CallStream stream_;
  std::size_t total_ = 0;
  std::size_t done_ = 0;
  bool asked_any_ = false;
  FailureTally failures_;
  std::optional<Error> store_error_;
};

}  // namespace

Result<FailureTally> answer_items(const std::vector<Item>& items, const AnswerOptions& options,
                                  ChatModel& model, RunStore& store, const StageProgress& progress) {
  EVB_TRY(store.clear_failures(to_string(Stage::kAnswer)));  // what is still missing is recorded afresh
  return Answering(items, options, store, progress).run(model);
}

}  // namespace evolbench
