// Judge calls with bounded parse retries: how every judge file is asked, by the judge
// stage and by evolution's equality and difficulty judges alike.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "judge/judge_file.h"
#include "llm/call_stream.h"
#include "llm/chat_model.h"

namespace evolbench {

// Called once per request with the number of calls made for it and its last completion
// (an Error when a call failed).
using JudgeCallDone = std::function<void(std::size_t index, int attempts, Result<Completion> completion)>;

// The sampling seed of a judge's repeat `repeat` (plan judge.repeats, from 1): none for
// the first, so its calls keep the cache keys of a run without repeats; the others far
// apart (1000, 2000, ...), so that no repeat's call or parse retry is another's.
std::optional<std::int64_t> repeat_seed(int repeat);

// Completes every request; an output reply_readable rejects is asked again up to
// judge.parse_retries times, with judge.reminder appended to the user message and the
// request's sampling seed (0 when unset) plus the retry number as the seed, so the retry
// is a new call and never the cached output. The last output is passed on whether or not it was readable; unreadable
// outputs are never cached (the requests carry judge.params.accept_reply).
void call_judge(const std::vector<CompletionRequest>& requests, const JudgeSpec& judge,
                ChatModel& model, const JudgeCallDone& done);

// The same for one request on a stream: its parse retries follow its reply at once,
// not after every other request's. `judge` must outlive the stream's run.
void ask_judge(CallStream& stream, CompletionRequest request, const JudgeSpec& judge,
               std::function<void(int attempts, Result<Completion> completion)> done, int attempt = 1);

}  // namespace evolbench
