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

void ask_judge(CallStream& stream, CompletionRequest request, const JudgeSpec& judge,
               std::function<void(int attempts, Result<Completion> completion)> done, int attempt) {
  CompletionRequest asked = attempt == 1 ? request : retry_request(request, judge, attempt - 1);
  stream.ask(std::move(asked), [&stream, request = std::move(request), &judge, done = std::move(done),
                                attempt](Result<Completion> completion) mutable {
    if (completion.ok() && attempt <= judge.parse_retries && !reply_readable(judge, completion->text)) {
      ask_judge(stream, std::move(request), judge, std::move(done), attempt + 1);
      return;
    }
    done(attempt, std::move(completion));
  });
}

void call_judge(const std::vector<CompletionRequest>& requests, const JudgeSpec& judge,
                ChatModel& model, const JudgeCallDone& done) {
  CallStream stream;
  for (std::size_t i = 0; i < requests.size(); ++i)
    ask_judge(stream, requests[i], judge,
              [&done, i](int attempts, Result<Completion> completion) { done(i, attempts, std::move(completion)); });
  stream.run(model);
}

}  // namespace evolbench
