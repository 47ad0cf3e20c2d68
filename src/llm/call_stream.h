// Calls made as their inputs become known: each request carries its own reply handler,
// and a handler may ask further calls, so work flows through a stage's steps item by
// item (an answer's next turn, a judge's parse retry, an evolving family's next step)
// with no barrier across the items. The model takes requests as its endpoints free
// slots (ChatModel::complete_stream).
//
// Memory stays bounded by the caller: `refill` is asked for more work only when no
// request is pending, so a stage hands over its items a few at a time.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <unordered_map>
#include <utility>

#include "llm/chat_model.h"

namespace evolbench {

class CallStream {
 public:
  using OnReply = std::function<void(Result<Completion>)>;
  // Asks for more work (by calling ask); false when there is none left to give.
  using Refill = std::function<bool()>;

  // Queues `request`; `on_reply` gets its completion or Error.
  void ask(CompletionRequest request, OnReply on_reply);

  // Sends what is asked, and what handlers and `refill` ask meanwhile, until nothing
  // is pending or open.
  void run(ChatModel& model, const Refill& refill = nullptr);

 private:
  std::deque<std::pair<CompletionRequest, OnReply>> pending_;
  std::unordered_map<std::size_t, OnReply> open_;  // by index in the model's stream
};

}  // namespace evolbench
