#include "llm/answers.h"

#include <algorithm>

namespace evolbench {

Result<FailureTally> answer_items(const std::vector<Item>& items, const AnswerOptions& options,
                                  ChatModel& model, RunStore& store, const StageProgress& progress) {
  EVB_TRY(store.clear_failures(to_string(Stage::kAnswer)));  // what is still missing is recorded afresh
  const std::size_t window = std::max<std::size_t>(1, options.requests_per_window);
  const std::size_t total = items.size() * options.models.size();
  std::size_t done = 0;
  FailureTally failures;
  bool sent_any = false;
  std::vector<CompletionRequest> requests;
  std::vector<const Item*> asked;
  const auto send = [&]() -> Status {
    std::optional<Error> store_error;
    model.complete_batch(requests, [&](std::size_t i, Result<Completion> completion) {
      ++done;
      if (!completion.ok() && completion.error().kind == Error::Kind::kIo) {
        store_error = completion.error();  // the store, not the model: no rerun of the call helps
      } else if (!completion.ok()) {
        const Error& error = completion.error();
        failures.add(error, asked[i]->id + " / " + requests[i].model);
        if (Status put = store.put_failure({to_string(Stage::kAnswer), asked[i]->id, requests[i].model, error.message, "",
                                            error.permanent});
            !put.ok())
          store_error = put.error();
      } else if (Status put = store.put_answer({asked[i]->id, requests[i].model, completion->text});
                 !put.ok()) {
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
  for (const auto& name : options.models) {
    const auto own = options.params_by_model.find(name);
    const SamplingParams& params = own == options.params_by_model.end() ? options.params : own->second;
    for (const auto& item : items) {
      auto existing = store.find_answer(item.id, name);
      EVB_TRY(existing);
      if (existing->has_value()) {
        ++done;
        continue;
      }
      requests.push_back(CompletionRequest{name, {{"user", item.instruction}}, params});
      asked.push_back(&item);
      if (requests.size() == window) EVB_TRY(send());
    }
  }
  EVB_TRY(send());
  if (progress && !sent_any) progress(done, total, failures.total(), 0);
  return failures;
}

}  // namespace evolbench
