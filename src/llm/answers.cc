#include "llm/answers.h"

#include <algorithm>

#include "llm/file_endpoint.h"

namespace evolbench {

Result<FailureTally> answer_items(const std::vector<Item>& items, const AnswerOptions& options,
                                  ChatModel& model, RunStore& store, const StageProgress& progress) {
  EVB_TRY(store.clear_failures(to_string(Stage::kAnswer)));  // what is still missing is recorded afresh
  const std::size_t window = std::max<std::size_t>(1, options.requests_per_window);
  int turns = 1;
  std::size_t turns_in_all = 0;
  for (const auto& item : items) {
    turns = std::max(turns, turn_count(item));
    turns_in_all += static_cast<std::size_t>(turn_count(item));
  }
  const std::size_t total = turns_in_all * options.models.size();
  std::size_t done = 0;
  FailureTally failures;
  bool sent_any = false;
  std::vector<CompletionRequest> requests;
  std::vector<std::pair<const Item*, int>> asked;  // (item, turn)
  const auto send = [&]() -> Status {
    std::optional<Error> store_error;
    model.complete_batch(requests, [&](std::size_t i, Result<Completion> completion) {
      ++done;
      const auto& [item, turn] = asked[i];
      const std::string subject = turn_subject(item->id, turn);
      if (!completion.ok() && completion.error().kind == Error::Kind::kIo) {
        store_error = completion.error();  // the store, not the model: no rerun of the call helps
      } else if (!completion.ok()) {
        const Error& error = completion.error();
        failures.add(error, subject + " / " + requests[i].model);
        if (Status put = store.put_failure({to_string(Stage::kAnswer), subject, requests[i].model, error.message, "",
                                            error.permanent});
            !put.ok())
          store_error = put.error();
      } else if (Status put = store.put_answer({item->id, requests[i].model, completion->text, turn}); !put.ok()) {
        store_error = put.error();
      }
      if (progress) progress(done, total, failures.total(), 0);
    });
    sent_any = sent_any || !requests.empty();
    requests.clear();
    asked.clear();
    if (store_error) return *store_error;
    return {};
  };
  // Turn by turn: a turn is asked with the model's own answers to the turns before it,
  // so every turn's answers are in the store before the next turn is asked.
  std::vector<const SamplingParams*> params_of_model;
  for (const auto& name : options.models) {
    const auto own = options.params_by_model.find(name);
    params_of_model.push_back(own == options.params_by_model.end() ? &options.params : &own->second);
  }
  // Models interleave item by item, so a window keeps every model's endpoint busy
  // rather than one model's after another's.
  for (int turn = 1; turn <= turns; ++turn) {
    for (const auto& item : items) {
      if (turn > turn_count(item)) continue;
      for (std::size_t m = 0; m < options.models.size(); ++m) {
        const std::string& name = options.models[m];
        auto existing = store.find_answer(item.id, name, turn);
        EVB_TRY(existing);
        if (existing->has_value()) {
          ++done;
          continue;
        }
        std::vector<Message> messages;
        for (int earlier = 1; earlier < turn; ++earlier) {
          auto answer = store.find_answer(item.id, name, earlier);
          EVB_TRY(answer);
          if (!answer->has_value()) break;  // its call failed (and was counted): this turn waits for a rerun
          messages.push_back({"user", user_message(item, earlier)});
          messages.push_back({"assistant", std::move((*answer)->text)});
        }
        if (messages.size() != static_cast<std::size_t>(2 * (turn - 1))) {
          // Listed with the failures, so the turn missing from the judgments is shown, not
          // just absent; its call is not made, so it is not in the tally of failed calls.
          const int missing = static_cast<int>(messages.size() / 2) + 1;
          EVB_TRY(store.put_failure({to_string(Stage::kAnswer), turn_subject(item.id, turn), name,
                                     "not asked: the answer to turn " + std::to_string(missing) +
                                         " is missing (its call failed); a rerun asks both",
                                     ""}));
          ++done;
          continue;
        }
        messages.push_back({"user", user_message(item, turn)});
        requests.push_back(CompletionRequest{name, std::move(messages), *params_of_model[m],
                                             answer_purpose(item.id, turn, turn_count(item))});
        asked.emplace_back(&item, turn);
        if (requests.size() == window) EVB_TRY(send());
      }
    }
    EVB_TRY(send());
  }
  if (progress && !sent_any) progress(done, total, failures.total(), 0);
  return failures;
}

}  // namespace evolbench
