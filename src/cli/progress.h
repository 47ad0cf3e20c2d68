// The progress display: the one place that writes stage progress to the terminal.
// On a terminal it redraws one line in place; elsewhere it prints a plain line at
// most every few seconds and one when a stage ends. A line shows done/total, rate,
// ETA, failures and unreadable replies, retries, tokens and cost:
//
//   answer     1200/2000  55/s  ETA 14s  failed 3  retries 12  tokens 1.2M  $0.42
//
// Stages under way together (answering and judging in `run`) share the terminal's line,
// separated by " | ", and get a plain line each elsewhere.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/stage_progress.h"

namespace evolbench {

class ProgressDisplay {
 public:
  ProgressDisplay(std::FILE* out, bool smart_terminal) : out_(out), smart_terminal_(smart_terminal) {}

  // Shows `event` (at most every 100 ms on a terminal, every 5 s elsewhere; always the
  // last of a stage).
  void show(const ProgressEvent& event);
  // A listener for run options; the display must outlive it.
  ProgressListener listener() {
    return [this](const ProgressEvent& event) { show(event); };
  }

 private:
  static std::string line_of(const ProgressEvent& event, std::chrono::steady_clock::time_point now);

  std::FILE* out_;
  bool smart_terminal_;
  std::chrono::steady_clock::time_point last_line_{};
  std::vector<ProgressEvent> running_;  // the latest event of each stage under way
};

// The one progress display of this process, on stderr.
ProgressDisplay& terminal_display();

// Whether `out` is a terminal that understands carriage-return redraws.
bool is_smart_terminal(std::FILE* out);

// A count in at most four characters and a suffix: 950, 12.3k, 1.2M.
std::string short_count(std::int64_t count);

}  // namespace evolbench
