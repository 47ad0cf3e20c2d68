#include "llm/call_stream.h"

namespace evolbench {

void CallStream::ask(CompletionRequest request, OnReply on_reply) {
  pending_.emplace_back(std::move(request), std::move(on_reply));
}

void CallStream::run(ChatModel& model, const Refill& refill) {
  std::size_t given = 0;
  bool refill_done = !refill;
  model.complete_stream(
      [&]() -> std::optional<CompletionRequest> {
        while (pending_.empty() && !refill_done) refill_done = !refill();
        if (pending_.empty()) return std::nullopt;
        auto [request, on_reply] = std::move(pending_.front());
        pending_.pop_front();
        open_.emplace(given++, std::move(on_reply));
        return std::move(request);
      },
      [&](std::size_t index, Result<Completion> completion) {
        auto node = open_.extract(index);
        node.mapped()(std::move(completion));
      });
}

}  // namespace evolbench
