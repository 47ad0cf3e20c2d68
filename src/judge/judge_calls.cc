#include "judge/judge_calls.h"

namespace evolbench {

namespace {

// More than any judge's parse retries, so repeat seeds plus retries never meet.
constexpr std::int64_t kSeedsPerRepeat = 1000;

CompletionRequest retry_request(const CompletionRequest& first, const JudgeSpec& judge, int retry) {
  CompletionRequest request = first;
  if (!judge.reminder.empty())
    for (auto it = request.messages.rbegin(); it != request.messages.rend(); ++it)
      if (it->role == "user") {
        it->content += "\n\n" + judge.reminder;
        break;
      }
  request.params.seed = first.params.seed.value_or(0) + retry;
  return request;
}

}  // namespace

std::optional<std::int64_t> repeat_seed(int repeat) {
  if (repeat <= 1) return std::nullopt;
  return (repeat - 1) * kSeedsPerRepeat;
}

void call_judge(const std::vector<CompletionRequest>& requests, const JudgeSpec& judge,
                ChatModel& model, const JudgeCallDone& done) {
  std::vector<std::size_t> pending(requests.size());
  for (std::size_t i = 0; i < pending.size(); ++i) pending[i] = i;
  for (int attempt = 1; !pending.empty(); ++attempt) {
    std::vector<CompletionRequest> batch;
    batch.reserve(pending.size());
    for (const std::size_t i : pending)
      batch.push_back(attempt == 1 ? requests[i] : retry_request(requests[i], judge, attempt - 1));
    std::vector<std::size_t> again;
    model.complete_batch(batch, [&](std::size_t k, Result<Completion> completion) {
      const std::size_t i = pending[k];
      if (completion.ok() && attempt <= judge.parse_retries && !reply_readable(judge, completion->text)) {
        again.push_back(i);
        return;
      }
      done(i, attempt, std::move(completion));
    });
    pending = std::move(again);
  }
}

}  // namespace evolbench
