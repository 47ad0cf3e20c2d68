// How a stage reports its progress: the run turns stage counts into events for a
// listener (the CLI's display); stages never print.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace evolbench {

// Called as work finishes, with the units done (cached ones included), the total, how
// many calls failed so far and how many replies could not be read (a judge's output
// with no verdict). May be empty.
using StageProgress =
    std::function<void(std::size_t done, std::size_t total, std::size_t failed, std::size_t unread)>;

// One stage's counts and the run's call figures so far, as a listener hears them.
struct ProgressEvent {
  std::string stage;
  std::chrono::steady_clock::time_point stage_started;
  std::size_t done = 0;
  std::size_t total = 0;
  std::size_t failed = 0;
  std::size_t unread = 0;
  bool over_http = false;    // the run calls HTTP endpoints: retries are counted
  std::int64_t retries = 0;  // HTTP attempts retried so far
  std::int64_t tokens = 0;   // prompt and completion tokens of the calls made
  double cost_usd = 0;
};
using ProgressListener = std::function<void(const ProgressEvent&)>;

}  // namespace evolbench
