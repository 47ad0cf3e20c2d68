#include "core/failures.h"

#include <algorithm>

namespace evolbench {

void FailureTally::add(const Error& error, const std::string& subject) {
  ++total_;
  const auto same = std::find_if(groups_.begin(), groups_.end(), [&](const FailureGroup& group) {
    return group.reason == error.message && group.permanent == error.permanent;
  });
  if (same != groups_.end()) {
    ++same->count;
    return;
  }
  groups_.push_back({error.message, error.permanent, 1, subject});
}

std::size_t FailureTally::permanent() const {
  std::size_t count = 0;
  for (const auto& group : groups_) count += group.permanent ? group.count : 0;
  return count;
}

Status FailureTally::status(const std::string& what) const {
  if (total_ == 0) return {};
  // The most frequent reasons first; a handful is enough to act on.
  std::vector<FailureGroup> sorted = groups_;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const FailureGroup& x, const FailureGroup& y) { return x.count > y.count; });
  constexpr std::size_t kShown = 5;
  std::string message = std::to_string(total_) + " " + what + " call" + (total_ == 1 ? "" : "s") + " failed";
  for (std::size_t i = 0; i < sorted.size() && i < kShown; ++i)
    message += "\n  " + std::to_string(sorted[i].count) + " x " + sorted[i].reason +
               (sorted[i].permanent ? " [permanent]" : "") + " (e.g. " + sorted[i].example + ")";
  if (sorted.size() > kShown)
    message += "\n  ... and " + std::to_string(sorted.size() - kShown) + " other reasons";
  const std::size_t lasting = permanent();
  if (lasting == total_)
    message += "\nfinished work is stored; running again will fail the same way: fix the plan, "
               "the endpoint or the input first";
  else if (lasting > 0)
    message += "\nfinished work is stored; run again to retry the " + std::to_string(total_ - lasting) +
               " that may succeed (the " + std::to_string(lasting) + " marked permanent will not)";
  else
    message += "\nfinished work is stored; run again to retry them";
  return model_error(message);
}

}  // namespace evolbench
